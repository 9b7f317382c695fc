import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWeight, decodeWeights, float16ToNumber, type WeightSpec } from './dequantize';
import { tfjsCpuBackend } from './tfjs-reference';

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('float16ToNumber', () => {
  it('decodes normals, subnormals, zeros, infinities and NaN', () => {
    expect(float16ToNumber(0x3c00)).toBe(1);
    expect(float16ToNumber(0xc000)).toBe(-2);
    expect(float16ToNumber(0x3555)).toBe(0.333251953125);
    expect(float16ToNumber(0x7bff)).toBe(65504); // largest half
    expect(float16ToNumber(0x0400)).toBe(2 ** -14); // smallest normal
    expect(float16ToNumber(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(float16ToNumber(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(Object.is(float16ToNumber(0x8000), -0)).toBe(true);
    expect(float16ToNumber(0x7c00)).toBe(Infinity);
    expect(float16ToNumber(0xfc00)).toBe(-Infinity);
    expect(float16ToNumber(0x7e00)).toBeNaN();
  });
});

describe('decodeWeight', () => {
  it('applies min + scale·q to uint8 and uint16 weights', () => {
    const q8 = Uint8Array.from([0, 1, 255]);
    const w8 = decodeWeight({ name: 'a', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.5 } }, q8);
    expect(Array.from(w8.data)).toEqual([-1, -0.5, 126.5]);
    const q16 = bytesOf(Uint16Array.from([0, 2, 65535]));
    const w16 = decodeWeight({ name: 'b', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', min: 2, scale: 0.25 } }, q16);
    expect(Array.from(w16.data)).toEqual([2, 2.5, 2 + 0.25 * 65535]);
  });

  it('rounds quantized int32 weights to integers', () => {
    const w = decodeWeight({ name: 'i', shape: [3], dtype: 'int32', quantization: { dtype: 'uint8', min: -3, scale: 0.5 } }, Uint8Array.from([0, 3, 10]));
    expect(w.dtype).toBe('int32');
    expect(Array.from(w.data)).toEqual([-3, -1, 2]); // −1.5 rounds to −1 as Math.round does in tfjs
  });

  it('reads unquantized float32, int32 and bool weights', () => {
    expect(Array.from(decodeWeight({ name: 'f', shape: [2], dtype: 'float32' }, bytesOf(Float32Array.from([1.5, -2]))).data)).toEqual([1.5, -2]);
    expect(Array.from(decodeWeight({ name: 'n', shape: [2], dtype: 'int32' }, bytesOf(Int32Array.from([7, -9]))).data)).toEqual([7, -9]);
    expect(Array.from(decodeWeight({ name: 'b', shape: [2], dtype: 'bool' }, Uint8Array.from([1, 0])).data)).toEqual([1, 0]);
  });

  it('refuses wrong byte counts, unknown dtypes and affine quantization without min/scale', () => {
    expect(() => decodeWeight({ name: 'w', shape: [2, 2], dtype: 'float32' }, new Uint8Array(12))).toThrow(/expected 16 bytes for shape \[2,2\], got 12/);
    expect(() => decodeWeight({ name: 'w', shape: [1], dtype: 'complex64' }, new Uint8Array(8))).toThrow(/unsupported dtype "complex64"/);
    expect(() => decodeWeight({ name: 'w', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8' } }, new Uint8Array(1))).toThrow(/needs "min" and "scale"/);
  });
});

describe('decodeWeights', () => {
  // Random quantized weights of every kind, packed back to back as the converter writes shards.
  const specs: WeightSpec[] = [
    { name: 'f16', shape: [2, 3, 5], dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } },
    { name: 'u8', shape: [7, 3], dtype: 'float32', quantization: { dtype: 'uint8', min: -0.731, scale: 0.00613 } },
    { name: 'u16', shape: [11], dtype: 'float32', quantization: { dtype: 'uint16', min: 3.25, scale: 1.7e-4 } },
    { name: 'i32', shape: [4], dtype: 'int32' },
    { name: 'odd', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', min: 0.1, scale: 0.3 } },
    { name: 'f32', shape: [2, 2], dtype: 'float32' },
  ];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const chunks: Uint8Array[] = [
    // Half-precision patterns with exponents 5..25: finite, normal, both signs.
    bytesOf(Uint16Array.from({ length: 30 }, () => ((rand() < 0.5 ? 0x8000 : 0) | ((5 + Math.floor(rand() * 21)) << 10) | Math.floor(rand() * 1024)))),
    Uint8Array.from({ length: 21 }, () => Math.floor(rand() * 256)),
    bytesOf(Uint16Array.from({ length: 11 }, () => Math.floor(rand() * 65536))),
    bytesOf(Int32Array.from([3, -1, 0, 2147483647])),
    Uint8Array.from([9, 0, 255]),
    bytesOf(Float32Array.from([0.1, -0.2, 3e-8, 1e30])),
  ];
  const shards = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  chunks.reduce((off, c) => (shards.set(c, off), off + c.byteLength), 0);

  beforeAll(tfjsCpuBackend);

  it('gives exactly what TensorFlow.js decodes from the same bytes', () => {
    const ours = decodeWeights(specs, shards);
    const theirs = tf.io.decodeWeights(shards.slice().buffer, specs as tf.io.WeightsManifestEntry[]);
    for (const s of specs) {
      const t = theirs[s.name]!;
      expect(ours.get(s.name)!.shape, s.name).toEqual(t.shape);
      expect(Array.from(ours.get(s.name)!.data), s.name).toEqual(Array.from(t.dataSync()));
    }
    tf.dispose(Object.values(theirs));
  });

  it('refuses shards shorter or longer than the manifest', () => {
    expect(() => decodeWeights(specs, shards.subarray(0, shards.byteLength - 1))).toThrow(/f32: needs bytes/);
    const longer = new Uint8Array(shards.byteLength + 4);
    longer.set(shards);
    expect(() => decodeWeights(specs, longer)).toThrow(/describes \d+ bytes but the shards hold \d+/);
  });
});
