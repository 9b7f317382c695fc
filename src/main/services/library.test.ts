import { describe, expect, it } from 'vitest';
import type { LibraryPoseEntry, PoseCaption } from '../../shared/api';
import { posecodeAgreement } from '../compute/data/captioner';
import { POSE_LIBRARY } from '../compute/data/library';
import { POSE_CATEGORIES } from '../compute/data/types';
import { useServedBackend } from './servedBackend.testkit';

/** library.list and library.caption through the real backend behind the HTTP server, as the renderer calls them. */
const call = useServedBackend('library');


describe('library.list', () => {
  it('lists every authored pose with its metadata and 66 numbers, and counts per category', async () => {
    const r = await call('library.list', {});
    expect(r.status).toBe(200);
    const value = r.json.value as { poses: LibraryPoseEntry[]; categories: { id: string; count: number }[] };
    expect(value.poses.map((p) => p.id)).toEqual(POSE_LIBRARY.map((p) => p.id));
    const first = POSE_LIBRARY[0];
    const sent = value.poses[0];
    expect(sent).toMatchObject({
      id: first.id,
      name: first.name,
      category: first.category,
      tags: first.tags,
      synonyms: first.synonyms,
      actions: first.actions,
    });
    expect(sent.pose).toHaveLength(66);
    expect(sent.pose.map(Math.fround)).toEqual(Array.from(first.pose));
    // Counts add up, follow the category order and leave out empty categories.
    expect(value.categories.reduce((s, c) => s + c.count, 0)).toBe(POSE_LIBRARY.length);
    expect(value.categories.map((c) => c.id)).toEqual(
      POSE_CATEGORIES.filter((c) => POSE_LIBRARY.some((p) => p.category === c)),
    );
    for (const c of value.categories)
      expect(c.count).toBe(POSE_LIBRARY.filter((p) => p.category === c.id).length);
  });

  it('takes no arguments', async () => {
    const r = await call('library.list', { category: 'yoga' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'bad_request' });
  });
});

describe('library.caption', () => {
  const entry = POSE_LIBRARY[0];

  it('captions a library pose by id: same seed, same caption; its own pose agrees with every posecode', async () => {
    const a = await call('library.caption', { id: entry.id, seed: 7 });
    const b = await call('library.caption', { id: entry.id, seed: 7 });
    expect(a.status).toBe(200);
    const cap = a.json.value as PoseCaption;
    expect(b.json.value).toEqual(cap);
    expect(cap.text.length).toBeGreaterThan(10);
    expect(cap.posecodes.length).toBeGreaterThan(0);
    expect(cap.agreement).toBe(posecodeAgreement(cap.posecodes, entry.pose));
    expect(cap.agreement).toBe(1);
  });

  it('rolls other captions with other seeds', async () => {
    const texts = new Set<string>();
    for (let seed = 1; seed <= 6; seed++)
      texts.add(((await call('library.caption', { id: entry.id, seed })).json.value as PoseCaption).text);
    expect(texts.size).toBeGreaterThan(1);
  });

  it('captions any pose given as numbers, 66 or 72 of them', async () => {
    const pose = Array.from(entry.pose);
    const r66 = await call('library.caption', { pose, seed: 3 });
    const r72 = await call('library.caption', { pose: [...pose, 0, 0, 0, 0, 0, 0], seed: 3 });
    expect(r66.status).toBe(200);
    expect(r72.json.value).toEqual(r66.json.value);
    expect((r66.json.value as PoseCaption).agreement).toBe(1);
  });

  it('refuses unknown ids and malformed requests', async () => {
    const cases: Array<[unknown, number, string, RegExp]> = [
      [{ id: 'no-such-pose', seed: 1 }, 404, 'not_found', /No library pose with id "no-such-pose"/],
      [{ seed: 1 }, 400, 'bad_request', /either id or pose/],
      [{ id: entry.id, pose: Array.from(entry.pose), seed: 1 }, 400, 'bad_request', /either id or pose/],
      [{ id: entry.id, seed: -1 }, 400, 'bad_request', /seed/],
      [{ id: entry.id, seed: 1.5 }, 400, 'bad_request', /seed/],
      [{ pose: [1, 2, 3], seed: 1 }, 400, 'bad_request', /66 or 72/],
      [{ id: entry.id, seed: 1, extra: true }, 400, 'bad_request', /extra/],
    ];
    for (const [req, status, code, message] of cases) {
      const r = await call('library.caption', req);
      expect(r.status, JSON.stringify(req).slice(0, 60)).toBe(status);
      expect(r.json.error?.code).toBe(code);
      expect(r.json.error?.message).toMatch(message);
    }
  });
});
