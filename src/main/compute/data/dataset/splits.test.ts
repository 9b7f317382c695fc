import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { assignLibrarySplits, drawSplit, sourceGroup } from './splits';

const POSES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].flatMap((c, k) =>
  Array.from({ length: 4 + k }, (_, i) => ({ id: `${c}${i}`, category: `cat-${c}` })),
);

describe('splits', () => {
  it('keeps a mirrored copy with its source', () => {
    expect(sourceGroup('kneel-left~mirror')).toBe('kneel-left');
    const s = assignLibrarySplits([...POSES, { id: 'a0~mirror', category: 'cat-a' }], { train: 0.8, val: 0.1, test: 0.1 }, 1);
    expect(s.get('a0~mirror')).toBeUndefined();
    expect(s.has('a0')).toBe(true);
  });

  it('gives every category with ≥ 3 poses at least one val and one test pose, the rest to train', () => {
    const s = assignLibrarySplits(POSES, { train: 0.8, val: 0.1, test: 0.1 }, 7);
    expect(s.size).toBe(POSES.length);
    for (const c of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) {
      const splits = POSES.filter((p) => p.category === `cat-${c}`).map((p) => s.get(p.id));
      expect(splits).toContain('val');
      expect(splits).toContain('test');
      expect(splits.filter((x) => x === 'train').length).toBeGreaterThanOrEqual(splits.length - 3);
    }
  });

  it('is a function of the seed', () => {
    const a = assignLibrarySplits(POSES, { train: 0.8, val: 0.1, test: 0.1 }, 3);
    const b = assignLibrarySplits([...POSES].reverse(), { train: 0.8, val: 0.1, test: 0.1 }, 3);
    const c = assignLibrarySplits(POSES, { train: 0.8, val: 0.1, test: 0.1 }, 4);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    expect([...c.entries()].sort()).not.toEqual([...a.entries()].sort());
  });

  it('draws example splits in the configured proportions', () => {
    const rng = new Rng(2);
    const n = { train: 0, val: 0, test: 0 };
    for (let i = 0; i < 10000; i++) n[drawSplit(rng, { train: 0.7, val: 0.2, test: 0.1 })]++;
    expect(n.train / 10000).toBeCloseTo(0.7, 1);
    expect(n.val / 10000).toBeCloseTo(0.2, 1);
    expect(n.test / 10000).toBeCloseTo(0.1, 1);
  });
});
