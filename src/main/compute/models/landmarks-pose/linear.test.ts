import { describe, expect, it } from 'vitest';
import { solveSpd } from './linear';

describe('solveSpd', () => {
  it('solves a hand-worked 2 × 2 system', () => {
    // [[4, 2], [2, 3]]·x = [2, 1] → x = [0.5, 0].
    const x = solveSpd([4, 2, 2, 3], [2, 1], 2)!;
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });

  it('solves a 3 × 3 system to machine precision', () => {
    const a = [6, 2, 1, 2, 5, 2, 1, 2, 4];
    const want = [1, -2, 3];
    const b = [0, 1, 2].map((i) => a[i * 3]! * want[0]! + a[i * 3 + 1]! * want[1]! + a[i * 3 + 2]! * want[2]!);
    const x = solveSpd(a, b, 3)!;
    want.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(solveSpd([1, 2, 2, 1], [1, 1], 2)).toBeNull();
  });
});
