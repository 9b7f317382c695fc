import { describe, expect, it } from 'vitest';
import { appendToRanking, moveInRanking, rankingOf, removeFromRanking, sameRanking, stepInRanking, withRanking } from './ranking';

const c = (id: string, idx: number, rank: number | null) => ({ id, idx, rank });

describe('ranking', () => {
  it('reads the stored ranking best first, leaving unranked candidates out', () => {
    expect(rankingOf([c('a', 0, null), c('b', 1, 2), c('c', 2, 1), c('d', 3, 3)])).toEqual(['c', 'b', 'd']);
    expect(rankingOf([c('a', 0, null)])).toEqual([]);
  });

  it('moves an id to a place, clamped, without duplicating it', () => {
    expect(moveInRanking(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(moveInRanking(['a', 'b', 'c'], 'a', 2)).toEqual(['b', 'c', 'a']);
    expect(moveInRanking(['a', 'b', 'c'], 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(moveInRanking(['a', 'b'], 'x', 1)).toEqual(['a', 'x', 'b']);
    expect(moveInRanking(['a', 'b'], 'x', -4)).toEqual(['x', 'a', 'b']);
  });

  it('appends, removes and steps', () => {
    expect(appendToRanking(['a'], 'b')).toEqual(['a', 'b']);
    expect(appendToRanking(['a', 'b'], 'a')).toEqual(['a', 'b']);
    expect(removeFromRanking(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
    expect(stepInRanking(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(stepInRanking(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(stepInRanking(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(stepInRanking(['a'], 'z', 1)).toEqual(['a', 'z']);
  });

  it('applies a ranking to candidates (1 = best, the rest unranked) and round-trips', () => {
    const cands = [c('a', 0, 1), c('b', 1, null), c('c', 2, 2)];
    const next = withRanking(cands, ['c', 'b']);
    expect(next.map((x) => x.rank)).toEqual([null, 2, 1]);
    expect(rankingOf(next)).toEqual(['c', 'b']);
    expect(cands[0].rank).toBe(1); // not mutated
    expect(sameRanking(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameRanking(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameRanking(['a'], ['a', 'b'])).toBe(false);
  });
});
