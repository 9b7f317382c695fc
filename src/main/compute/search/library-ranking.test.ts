import { describe, expect, it } from 'vitest';
import { POSE_LIBRARY } from '../data/library';
import { MIRROR_SUFFIX } from '../data/variation/mirror';
import type { LibraryPose } from '../data/types';
import { rankByCosine, searchCandidates } from './library-ranking';

describe('rankByCosine', () => {
  it('orders rows by dot product with the query, ties by row, and honours the limit', () => {
    const s = Math.SQRT1_2;
    // Unit rows in 2-D: cosines with the query (1, 0) are 0, 1, s, -1, s.
    const items = Float32Array.of(0, 1, 1, 0, s, s, -1, 0, s, -s);
    const ranked = rankByCosine(Float32Array.of(1, 0), items, 5, 2);
    expect(ranked.map((r) => r.index)).toEqual([1, 2, 4, 0, 3]);
    expect(ranked[0]!.score).toBeCloseTo(1, 6);
    expect(ranked[1]!.score).toBeCloseTo(s, 6);
    expect(ranked[4]!.score).toBeCloseTo(-1, 6);
    expect(rankByCosine(Float32Array.of(1, 0), items, 5, 2, 2).map((r) => r.index)).toEqual([1, 2]);
    expect(rankByCosine(Float32Array.of(0, -1), items, 5, 2, 1)).toEqual([{ index: 4, score: expect.closeTo(s, 6) }]);
  });

  it('refuses shapes that do not match', () => {
    expect(() => rankByCosine(Float32Array.of(1, 0, 0), new Float32Array(4), 2, 2)).toThrow(/expected 2/);
    expect(() => rankByCosine(Float32Array.of(1, 0), new Float32Array(5), 2, 2)).toThrow(/2 × 2/);
  });
});

describe('searchCandidates', () => {
  const pose = (values: Record<number, number>): Float32Array => {
    const p = new Float32Array(66);
    for (const [i, v] of Object.entries(values)) p[Number(i)] = v;
    return p;
  };
  const entry = (id: string, name: string, p: Float32Array): LibraryPose => ({
    id,
    name,
    category: 'standing',
    tags: [],
    synonyms: [],
    actions: [],
    pose: p,
  });

  it('adds the mirror of an asymmetric pose with its sides swapped, not of a symmetric one', () => {
    // Left shoulder (joint 16) raised: asymmetric. Zero pose: its own mirror.
    const raised = entry('raise-left', 'Left arm raised', pose({ [16 * 3 + 2]: -1.2 }));
    const rest = entry('rest', 'Rest', pose({}));
    const c = searchCandidates([raised, rest]);
    expect(c.map((p) => p.id)).toEqual(['raise-left', 'rest', 'raise-left' + MIRROR_SUFFIX]);
    expect(c[2]!.name).toBe('Right arm raised');
    // The mirror moves the right shoulder (joint 17) instead.
    expect(c[2]!.pose[16 * 3 + 2]).toBe(0);
    expect(Math.abs(c[2]!.pose[17 * 3 + 2]!)).toBeCloseTo(1.2, 6);
  });

  it('on the library: every pose, then only mirrors that are no library pose, none twice', () => {
    const c = searchCandidates(POSE_LIBRARY);
    expect(c.slice(0, POSE_LIBRARY.length).map((p) => p.id)).toEqual(POSE_LIBRARY.map((p) => p.id));
    const mirrors = c.slice(POSE_LIBRARY.length);
    expect(mirrors.length).toBeGreaterThan(0);
    expect(mirrors.length).toBeLessThan(POSE_LIBRARY.length);
    expect(new Set(c.map((p) => p.id)).size).toBe(c.length);
    for (const m of mirrors) expect(m.id.endsWith(MIRROR_SUFFIX)).toBe(true);
    // A symmetric library pose (the T-pose style rest poses) has no mirror entry.
    const symmetric = POSE_LIBRARY.filter((p) => !mirrors.some((m) => m.id === p.id + MIRROR_SUFFIX));
    expect(symmetric.length).toBeGreaterThan(0);
    expect(mirrors.length + symmetric.length).toBe(POSE_LIBRARY.length);
  });
});
