import { describe, expect, it } from 'vitest';
import { mirrorPose } from '../../../../shared/body';
import { Rng } from '../random';
import type { LibraryPose, PoseCategory } from '../types';
import { interpolatePoses } from './interpolate';
import { swapLimbs, type LimbName } from './limbSwap';
import { mirrorLibraryPose } from './mirror';
import { plausibility } from './plausibility';
import { samplePose } from './sampler';
import { VARIATION_KINDS, variationsOf, variationStream, varyPose, type VariedPose } from './variations';

const CATS: PoseCategory[] = ['standing', 'sitting', 'gesture'];
const rng0 = new Rng(42);
const LIB: LibraryPose[] = Array.from({ length: 9 }, (_, i) => ({
  id: `pose-${i}`,
  name: `Pose ${i} with the left arm`,
  category: CATS[i % 3],
  tags: ['left'],
  synonyms: [],
  actions: ['raises the left arm'],
  pose: samplePose(rng0),
}));
const POOL = LIB.flatMap((p) => [p, mirrorLibraryPose(p)]);
const IDS = new Set(POOL.map((p) => p.id));
const byId = (id: string) => POOL.find((p) => p.id === id)!;

describe('varyPose', () => {
  const rng = new Rng(7);
  const out: { base: LibraryPose; v: VariedPose }[] = [];
  for (let i = 0; i < 200; i++) {
    const base = rng.pick(POOL);
    out.push({ base, v: varyPose(base, rng, POOL) });
  }

  it('makes plausible poses of every kind', () => {
    for (const { v } of out) expect(plausibility(v.pose).ok).toBe(true);
    const kinds = new Set(out.map((o) => o.v.provenance.kind));
    expect([...kinds].sort()).toEqual([...VARIATION_KINDS].sort());
    expect(out.filter((o) => o.v.provenance.params.fallback).length).toBeLessThan(10);
  });

  it('records the base first and every library pose it used', () => {
    for (const { base, v } of out) {
      const { kind, sources } = v.provenance;
      expect(sources[0]).toBe(base.id);
      for (const id of sources) expect(IDS.has(id)).toBe(true);
      expect(sources.length).toBe(kind === 'interpolate' || kind === 'limb-swap' ? 2 : 1);
    }
  });

  it('is reproducible from its provenance', () => {
    for (const { base, v } of out) {
      const { kind, sources, params } = v.provenance;
      if (kind === 'interpolate') {
        expect(params.with).toBe(sources[1]);
        expect(Array.from(v.pose)).toEqual(Array.from(interpolatePoses(base.pose, byId(sources[1]).pose, params.t as number)));
      } else if (kind === 'limb-swap') {
        const s = swapLimbs(base.pose, byId(sources[1]).pose, params.limbs as LimbName[], { crossSide: params.crossSide as boolean });
        expect(Array.from(v.pose)).toEqual(Array.from(s));
      } else if (kind === 'mirror') {
        expect(Array.from(v.pose)).toEqual(Array.from(mirrorPose(base.pose)));
        expect(v.named?.id).toBe(mirrorLibraryPose(base).id);
        expect(v.named?.name).toBe(mirrorLibraryPose(base).name);
      } else if (kind === 'noise') {
        expect(v.named).toBe(base);
        expect(params.stdDeg as number).toBeLessThanOrEqual(8);
      }
      if (kind === 'interpolate' || kind === 'limb-swap' || kind === 'sample') expect(v.named).toBeUndefined();
    }
  });

  it('changes the pose (except a fallback)', () => {
    for (const { base, v } of out) if (!v.provenance.params.fallback) expect(Array.from(v.pose)).not.toEqual(Array.from(base.pose));
  });

  it('honours kind weights', () => {
    const r = new Rng(8);
    for (let i = 0; i < 20; i++) expect(varyPose(LIB[0], r, POOL, { weights: { noise: 0, interpolate: 0, 'limb-swap': 0, mirror: 0, sample: 1 } }).provenance.kind).toBe('sample');
  });

  it('falls back to the base pose when nothing passes the filter', () => {
    const v = varyPose(LIB[1], new Rng(9), POOL, { plausibility: { maxLimitTotal: -1 }, maxTries: 3 });
    expect(v.provenance).toEqual({ kind: 'noise', sources: ['pose-1'], params: { stdDeg: 0, fallback: true } });
    expect(Array.from(v.pose)).toEqual(Array.from(LIB[1].pose));
  });

  it('works with a pool holding only the base (no partners)', () => {
    const r = new Rng(10);
    for (let i = 0; i < 10; i++) expect(['noise', 'mirror', 'sample']).toContain(varyPose(LIB[2], r, [LIB[2]]).provenance.kind);
  });

  it('is deterministic for a seed', () => {
    const a = varyPose(LIB[3], new Rng(11), POOL);
    const b = varyPose(LIB[3], new Rng(11), POOL);
    expect(a.provenance).toEqual(b.provenance);
    expect(Array.from(a.pose)).toEqual(Array.from(b.pose));
  });
});

describe('generators', () => {
  it('variationsOf yields `count` variations of one base', () => {
    const vs = [...variationsOf(LIB[4], new Rng(12), POOL, { count: 6 })];
    expect(vs.length).toBe(6);
    for (const v of vs) expect(v.provenance.sources[0]).toBe('pose-4');
  });

  it('variationStream draws bases from the pool and records them', () => {
    const it = variationStream(POOL, new Rng(13));
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const v = it.next().value as VariedPose;
      expect(plausibility(v.pose).ok).toBe(true);
      seen.add(v.provenance.sources[0]);
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(() => variationStream([], new Rng(1)).next()).toThrow(RangeError);
  });
});

describe('blends of balanced poses', () => {
  it('never topple: interpolations and limb swaps of the real library stand balanced when their base does', async () => {
    const { POSE_LIBRARY } = await import('../library');
    const { groundCheck } = await import('./ground');
    const rng = new Rng(21);
    const pool = [...POSE_LIBRARY];
    let checked = 0;
    for (const base of pool.filter((p) => groundCheck(p.pose).balanced).slice(0, 40)) {
      for (let i = 0; i < 3; i++) {
        const v = varyPose(base, rng, pool, { weights: { noise: 0, mirror: 0, interpolate: 1, 'limb-swap': 1, sample: 1 } });
        if (v.provenance.params.fallback) continue;
        checked++;
        expect(groundCheck(v.pose).balanced, `${v.provenance.kind} of ${v.provenance.sources.join('+')}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(90);
  });
});
