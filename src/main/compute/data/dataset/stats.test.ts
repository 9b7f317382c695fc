import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { averagePairwiseJointDistance, distribution } from './stats';

describe('dataset stats', () => {
  it('summarises a distribution', () => {
    const d = distribution([5, 1, 3, 2, 4]);
    expect(d).toMatchObject({ n: 5, mean: 3, median: 3, min: 1, max: 5 });
    expect(distribution([]).n).toBe(0);
  });

  it('measures zero diversity for identical poses and more for different ones', () => {
    const rest = new Float32Array(66);
    expect(averagePairwiseJointDistance([rest, rest, rest], new Rng(1), 50)).toBeCloseTo(0, 6);
    const bent = new Float32Array(66);
    bent[4 * 3] = 1.5; // left knee about its x axis
    const d = averagePairwiseJointDistance([rest, bent], new Rng(1), 50);
    expect(d).toBeGreaterThan(0.005);
    // Only the left shin and foot move: 3 of 22 joints.
    expect(d).toBeLessThan(0.1);
  });
});
