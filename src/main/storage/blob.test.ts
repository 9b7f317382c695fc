import { describe, expect, it } from 'vitest';
import {
  blobToFloat32,
  blobToFloat64,
  float32Copier,
  float32ToBlob,
  float64ToArray,
  float64ToBlob,
} from './blob';

describe('float blobs', () => {
  it('round-trips Float32Array including special values', () => {
    const a = new Float32Array([0, -0, 1.5, -3.25, 1e-30, 3.4e38, Number.POSITIVE_INFINITY, Number.NaN]);
    const back = blobToFloat32(float32ToBlob(a));
    expect(Array.from(back)).toEqual(Array.from(a));
    expect(Object.is(back[1], -0)).toBe(true);
  });

  it('shares memory with the array instead of copying', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = float32ToBlob(a);
    expect(b.byteLength).toBe(12);
    a[0] = 42;
    expect(b.readFloatLE(0)).toBe(42);
    const view = blobToFloat32(b);
    expect(view.buffer).toBe(a.buffer);
  });

  it('handles subarray views and unaligned buffers', () => {
    const big = new Float32Array([9, 8, 7, 6, 5]);
    expect(Array.from(blobToFloat32(float32ToBlob(big.subarray(1, 4))))).toEqual([8, 7, 6]);
    const raw = Buffer.alloc(13);
    raw.writeFloatLE(2.5, 1);
    raw.writeFloatLE(-1, 5);
    raw.writeFloatLE(0.125, 9);
    const unaligned = raw.subarray(1); // byteOffset 1: must be copied
    expect(Array.from(blobToFloat32(unaligned))).toEqual([2.5, -1, 0.125]);
  });

  it('accepts number[] and writes little-endian float32', () => {
    const b = float32ToBlob([1, 0.1]);
    expect(b.readFloatLE(0)).toBe(1);
    expect(b.readFloatLE(4)).toBeCloseTo(0.1, 7);
    expect(Array.from(blobToFloat32(b))).toEqual([1, Math.fround(0.1)]);
  });

  it('rejects a blob whose length is not a multiple of the element size', () => {
    expect(() => blobToFloat32(Buffer.alloc(6))).toThrow(RangeError);
    expect(() => blobToFloat64(Buffer.alloc(12))).toThrow(RangeError);
  });

  it('round-trips float64 exactly', () => {
    const v = [0.1, 1 / 3, -Math.E, 1e-300];
    expect(Array.from(blobToFloat64(float64ToBlob(v)))).toEqual(v);
    expect(blobToFloat32(Buffer.alloc(0))).toHaveLength(0);
  });

  it('float32Copier copies arrays into fresh consecutive views that read like their blobs', () => {
    const a = Float32Array.from([1, -0, Number.NaN]);
    const copy = float32Copier(6);
    const ca = copy(a);
    const cb = copy([0.1, 2]);
    const empty = copy([]);
    a[0] = 9;
    expect(ca).toStrictEqual(Float32Array.from([1, -0, Number.NaN]));
    expect(cb).toStrictEqual(blobToFloat32(float32ToBlob([0.1, 2])));
    expect(empty).toHaveLength(0);
    expect(blobToFloat32(float32ToBlob(ca))).toStrictEqual(ca);
    // One more float than the slab holds is a bug in the caller's count, not a silent truncation.
    expect(() => copy([1, 2])).toThrow(RangeError);
  });

  it('float64ToArray gives the plain values', () => {
    expect(float64ToArray(Float64Array.from([0.1, -0, Number.NaN]))).toStrictEqual([0.1, -0, Number.NaN]);
    expect(float64ToArray(new Float64Array(0))).toStrictEqual([]);
  });
});
