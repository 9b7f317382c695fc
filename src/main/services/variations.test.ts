import { describe, expect, it } from 'vitest';
import { VARIATION_KINDS as CONTRACT_KINDS, type PoseVariation, type SampledPose } from '../../shared/api';
import { POSE_LIBRARY } from '../compute/data/library';
import { groundCheck, MIRROR_SUFFIX, plausibility, VARIATION_KINDS } from '../compute/data/variation';
import { useServedBackend } from './servedBackend.testkit';

/** library.variations and library.sample through the real backend behind the HTTP server. */
const call = useServedBackend('variations');
const variations = (body: unknown) => call<{ variations: PoseVariation[] }>('library.variations', body);
const sample = (body: unknown) => call<{ poses: SampledPose[] }>('library.sample', body);


const libraryIds = new Set(POSE_LIBRARY.map((p) => p.id));
const known = (id: string) => libraryIds.has(id.endsWith(MIRROR_SUFFIX) ? id.slice(0, -MIRROR_SUFFIX.length) : id);

describe('library.variations', () => {
  const base = POSE_LIBRARY.find((p) => p.category === 'kneeling') ?? POSE_LIBRARY[0];

  it('offers the data engine’s kinds', () => {
    expect([...CONTRACT_KINDS]).toEqual([...VARIATION_KINDS]);
  });

  it('is deterministic for a seed, differs across seeds, and a larger count extends a smaller one', async () => {
    const a = await variations({ id: base.id, count: 12, seed: 5 });
    const b = await variations({ id: base.id, count: 12, seed: 5 });
    expect(a.status).toBe(200);
    expect(b.json.value).toEqual(a.json.value);
    const vs = a.json.value!.variations;
    expect(vs).toHaveLength(12);
    const c = await variations({ id: base.id, count: 12, seed: 6 });
    expect(c.json.value).not.toEqual(a.json.value);
    const short = await variations({ id: base.id, count: 4, seed: 5 });
    expect(short.json.value!.variations).toEqual(vs.slice(0, 4));
  });

  it('gives other bases another sequence of kinds and parameters for the same seed', async () => {
    const other = POSE_LIBRARY.find((p) => p.id !== base.id)!;
    const recipe = (vs: PoseVariation[]) => vs.map((v) => JSON.stringify([v.kind, v.params, v.sources.slice(1)]));
    const a = (await variations({ id: base.id, count: 8, seed: 1 })).json.value!.variations;
    const b = (await variations({ id: other.id, count: 8, seed: 1 })).json.value!.variations;
    expect(recipe(b)).not.toEqual(recipe(a));
  });

  it('returns 66-number poses that derive from the base, with provenance and plausibility', async () => {
    const vs = (await variations({ id: base.id, count: 24, seed: 11 })).json.value!.variations;
    const kinds = new Set(vs.map((v) => v.kind));
    expect(kinds.size).toBeGreaterThan(1);
    for (const v of vs) {
      expect(v.pose).toHaveLength(66);
      expect(v.sources[0]).toBe(base.id);
      for (const s of v.sources) expect(known(s), s).toBe(true);
      // The engine only hands back poses its filter accepts; the flag reports that filter's verdict.
      expect(v.plausible).toBe(plausibility(v.pose).ok);
      expect(v.plausible).toBe(true);
      if (v.kind === 'interpolate') {
        expect(v.sources).toHaveLength(2);
        expect(v.params.with).toBe(v.sources[1]);
        expect(v.params.t).toBeGreaterThan(0);
        expect(v.params.t).toBeLessThan(1);
      }
    }
    // Not all copies of the base.
    const same = vs.filter((v) => v.pose.every((x, i) => Math.fround(x) === base.pose[i]));
    expect(same.length).toBeLessThan(vs.length);
  });

  it('draws only the asked-for kinds', async () => {
    const only = await variations({ id: base.id, kinds: ['interpolate', 'limb-swap'], count: 10, seed: 3 });
    expect(only.status).toBe(200);
    for (const v of only.json.value!.variations) {
      // A base no variation of which passes the filter comes back as zero noise (flagged as a fallback).
      if (v.params.fallback === true) continue;
      expect(['interpolate', 'limb-swap']).toContain(v.kind);
    }
    const mirror = (await variations({ id: base.id, kinds: ['mirror'], count: 2, seed: 3 })).json.value!
      .variations;
    expect(mirror[0].kind).toBe('mirror');
    expect(mirror[0].params.as).toBe(base.id + MIRROR_SUFFIX);
    // The mirror is still a named pose: its name with the sides swapped.
    expect(mirror[0].name).toBeDefined();
    expect(mirror[0].name).not.toBe(/left|right/i.test(base.name) ? base.name : undefined);
  });

  it('varies mirrored library poses and inverted ones (headstands keep their inversion allowed)', async () => {
    const m = await variations({ id: base.id + MIRROR_SUFFIX, count: 3, seed: 1 });
    expect(m.status).toBe(200);
    expect(m.json.value!.variations[0].sources[0]).toBe(base.id + MIRROR_SUFFIX);
    const inverted = POSE_LIBRARY.find((p) => groundCheck(p.pose).inverted);
    if (inverted) {
      const r = await variations({ id: inverted.id, count: 3, seed: 1 });
      expect(r.status).toBe(200);
      for (const v of r.json.value!.variations) expect(v.plausible).toBe(true);
    }
  });

  it('refuses unknown ids with not_found and out-of-bounds requests with bad_request', async () => {
    const missing = await variations({ id: 'no-such-pose', count: 3, seed: 1 });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'not_found' });
    expect(missing.json.error?.message).toMatch(/no-such-pose/);
    const bad: unknown[] = [
      { id: base.id, count: 0, seed: 1 },
      { id: base.id, count: 49, seed: 1 },
      { id: base.id, count: 2.5, seed: 1 },
      { id: base.id, count: 3, seed: -1 },
      { id: base.id, count: 3, seed: 2 ** 32 },
      { id: base.id, count: 3 },
      { id: base.id, count: 3, seed: 1, kinds: [] },
      { id: base.id, count: 3, seed: 1, kinds: ['teleport'] },
      { id: base.id, count: 3, seed: 1, extra: true },
      { id: '', count: 3, seed: 1 },
    ];
    for (const req of bad) {
      const r = await variations(req);
      expect(r.status, JSON.stringify(req)).toBe(400);
      expect(r.json.error?.code).toBe('bad_request');
    }
  });
});

/** Angle between the root-rotated up axis and the vertical (Rodrigues on the root's axis-angle), degrees. */
function tiltDeg(pose: readonly number[]): number {
  const [x, y, z] = pose;
  const a = Math.hypot(x, y, z);
  if (a < 1e-9) return 0;
  const ky = y / a;
  // y component of R·(0,1,0) = cos a + ky² (1 − cos a)
  const upY = Math.cos(a) + ky * ky * (1 - Math.cos(a));
  return (Math.acos(Math.min(1, Math.max(-1, upY))) * 180) / Math.PI;
}

describe('library.sample', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await sample({ count: 6, seed: 1 });
    const b = await sample({ count: 6, seed: 1 });
    const c = await sample({ count: 6, seed: 2 });
    expect(a.status).toBe(200);
    expect(b.json.value).toEqual(a.json.value);
    expect(c.json.value).not.toEqual(a.json.value);
    const poses = a.json.value!.poses;
    expect(poses).toHaveLength(6);
    for (const p of poses) {
      expect(p.pose).toHaveLength(66);
      expect(p.tries).toBeGreaterThanOrEqual(1);
      if (p.accepted) expect(plausibility(p.pose, { requireBalance: true }).ok).toBe(true);
    }
    expect(new Set(poses.map((p) => p.pose.join(','))).size).toBe(poses.length);
  });

  it('keeps the root upright when asked', async () => {
    const poses = (await sample({ count: 12, seed: 9, orientation: 'upright' })).json.value!.poses;
    for (const p of poses) {
      // Upright: drawn with the root upright; balancing over the feet may tilt it (up to ~45° seen), never lying.
      expect(tiltDeg(p.pose)).toBeLessThan(60);
      expect(groundCheck(p.pose).inverted).toBe(false);
    }
  });

  it('refuses out-of-bounds requests with bad_request', async () => {
    const bad: unknown[] = [
      { count: 0, seed: 1 },
      { count: 49, seed: 1 },
      { count: 3, seed: 1.5 },
      { count: 3, seed: 1, orientation: 'sideways' },
      { count: 3, seed: 1, id: 'tree-pose' },
    ];
    for (const req of bad) {
      const r = await sample(req);
      expect(r.status, JSON.stringify(req)).toBe(400);
      expect(r.json.error?.code).toBe('bad_request');
    }
  });
});
