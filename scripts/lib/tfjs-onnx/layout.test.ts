import { describe, expect, it } from 'vitest';
import { depthwiseToGrouped, hwioToOihw, nchwAxisOf, transposeHost } from './layout';

/** Value at a multi-index of a row-major array. */
const at = (data: ArrayLike<number>, shape: readonly number[], idx: readonly number[]): number =>
  data[idx.reduce((off, i, k) => off * shape[k]! + i, 0)]!;

describe('transposeHost', () => {
  it('moves every element to its permuted index', () => {
    const shape = [2, 3, 4];
    const data = Float32Array.from({ length: 24 }, (_, i) => i);
    const perm = [2, 0, 1];
    const out = transposeHost(data, shape, perm);
    const outShape = perm.map((p) => shape[p]!);
    for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 4; c++) {
      const src = [a, b, c];
      expect(at(out, outShape, perm.map((p) => src[p]!))).toBe(at(data, shape, src));
    }
    expect(out).toBeInstanceOf(Float32Array);
    expect(transposeHost(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0])).toEqual(Int32Array.from([1, 4, 2, 5, 3, 6]));
  });

  it('refuses a perm or data that does not fit the shape', () => {
    expect(() => transposeHost(new Float32Array(6), [2, 3], [0, 0])).toThrow(/perm/);
    expect(() => transposeHost(new Float32Array(5), [2, 3], [1, 0])).toThrow(/5 values/);
  });
});

describe('filter layouts', () => {
  it('HWIO → OIHW keeps w[kh][kw][i][o] at W[o][i][kh][kw]', () => {
    const shape = [3, 2, 4, 5];
    const data = Float32Array.from({ length: 120 }, (_, i) => i * 0.5);
    const { data: out, shape: s } = hwioToOihw(data, shape);
    expect(s).toEqual([5, 4, 3, 2]);
    for (const [h, w, i, o] of [[0, 0, 0, 0], [2, 1, 3, 4], [1, 0, 2, 3], [2, 0, 1, 2]]) {
      expect(at(out, s, [o!, i!, h!, w!])).toBe(at(data, shape, [h!, w!, i!, o!]));
    }
  });

  it('depthwise [kh, kw, in, m] → grouped [in·m, 1, kh, kw], output channel c·m + j', () => {
    const shape = [3, 3, 4, 2];
    const data = Float32Array.from({ length: 72 }, (_, i) => i);
    const g = depthwiseToGrouped(data, shape);
    expect(g.shape).toEqual([8, 1, 3, 3]);
    expect(g.group).toBe(4);
    for (let c = 0; c < 4; c++) for (let j = 0; j < 2; j++) for (let h = 0; h < 3; h++) for (let w = 0; w < 3; w++) {
      expect(at(g.data, g.shape, [c * 2 + j, 0, h, w])).toBe(at(data, shape, [h, w, c, j]));
    }
  });

  it('maps NHWC axes to their NCHW positions', () => {
    expect([0, 1, 2, 3, -1].map(nchwAxisOf)).toEqual([0, 2, 3, 1, 1]);
    expect(() => nchwAxisOf(4)).toThrow(/out of range/);
  });
});
