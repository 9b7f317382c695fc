import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/random';
import { det3, svd3 } from './svd3';

function reconstruct(u: Float64Array, s: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c] += u[r * 3 + k] * s[k] * v[c * 3 + k];
  return out;
}

function orthogonalityError(m: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let d = 0;
      for (let r = 0; r < 3; r++) d += m[r * 3 + i] * m[r * 3 + j];
      worst = Math.max(worst, Math.abs(d - (i === j ? 1 : 0)));
    }
  return worst;
}

function check(k: ArrayLike<number>): void {
  const { u, s, v } = svd3(k);
  const scale = Math.max(1e-300, ...Array.from(k, Math.abs));
  const back = reconstruct(u, s, v);
  for (let i = 0; i < 9; i++) expect(Math.abs(back[i] - k[i]) / scale).toBeLessThan(1e-12);
  expect(orthogonalityError(u)).toBeLessThan(1e-12);
  expect(orthogonalityError(v)).toBeLessThan(1e-12);
  expect(s[0]).toBeGreaterThanOrEqual(s[1]);
  expect(s[1]).toBeGreaterThanOrEqual(s[2]);
  expect(s[2]).toBeGreaterThanOrEqual(0);
}

describe('svd3', () => {
  it('diagonal matrix with a negative entry: singular values are the sorted absolute values', () => {
    const { s, u, v } = svd3([2, 0, 0, 0, -5, 0, 0, 0, 3]);
    expect(Array.from(s)).toEqual([5, 3, 2]);
    // det(U)·det(V) carries the sign of det K (= −30).
    expect(det3(u) * det3(v)).toBeCloseTo(-1, 12);
  });

  it('reconstructs random, rank-2, rank-1 and zero matrices with orthogonal U, V', () => {
    const rng = new Rng(7);
    for (let t = 0; t < 200; t++) check(Array.from({ length: 9 }, () => rng.normal()));
    for (let t = 0; t < 50; t++) {
      // rank 2: third row a combination of the first two; rank 1: outer product
      const a = [rng.normal(), rng.normal(), rng.normal()];
      const b = [rng.normal(), rng.normal(), rng.normal()];
      const x = rng.normal(), y = rng.normal();
      check([...a, ...b, ...a.map((ai, i) => x * ai + y * b[i])]);
      const c = [rng.normal(), rng.normal(), rng.normal()];
      check(c.flatMap((ci) => a.map((aj) => ci * aj)));
    }
    check([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    check([1e-9, 0, 0, 0, 1, 0, 0, 0, 1e3]);
  });

  it('rejects a wrong size or a non-finite entry', () => {
    expect(() => svd3([1, 2, 3])).toThrow(RangeError);
    expect(() => svd3([1, 0, 0, 0, NaN, 0, 0, 0, 1])).toThrow(/non-finite/);
  });
});
