import { describe, expect, it } from 'vitest';
import { dilatedKernel, onnxPads2d, samePads, windowOutputHW, windowOutputSize } from './padding';

describe('samePads (TensorFlow SAME)', () => {
  it.each([
    // [in, kernel, stride, dilation, pads] — worked by hand from out = ⌈in/stride⌉,
    // total = max((out−1)·stride + k_eff − in, 0), begin = ⌊total/2⌋
    [224, 3, 1, 1, [1, 1]],
    [224, 3, 2, 1, [0, 1]], // out 112: total 1, the odd pixel goes at the end
    [225, 3, 2, 1, [1, 1]],
    [256, 2, 2, 1, [0, 0]],
    [5, 4, 1, 1, [1, 2]],
    [7, 5, 3, 1, [2, 2]], // out 3: total 2·3 + 5 − 7 = 4
    [10, 3, 1, 2, [2, 2]], // dilated kernel spans 5
    [5, 1, 3, 1, [0, 0]], // out 2: total 3 + 1 − 5 < 0, clamped
  ])('in %i, kernel %i, stride %i, dilation %i → %j', (inSize, k, s, d, pads) => {
    expect(samePads(inSize as number, k as number, s as number, d as number)).toEqual(pads);
  });

  it('keeps SAME output sizes at ⌈in/stride⌉', () => {
    for (let inSize = 1; inSize < 40; inSize++) {
      for (const k of [1, 2, 3, 5, 7]) {
        for (const s of [1, 2, 3]) {
          const p = samePads(inSize, k, s);
          expect(windowOutputSize(inSize, k, s, 1, p), `${inSize} ${k} ${s}`).toBe(Math.ceil(inSize / s));
        }
      }
    }
  });
});

describe('windowOutputSize and onnxPads2d', () => {
  it('computes VALID and explicitly padded sizes', () => {
    expect(dilatedKernel(3, 2)).toBe(5);
    expect(windowOutputSize(224, 3, 2, 1, [0, 0])).toBe(111);
    expect(windowOutputSize(9, 3, 2, 1, [1, 2])).toBe(5);
    expect(() => windowOutputSize(2, 5, 1, 1, [0, 0])).toThrow(/does not fit/);
  });

  it('orders pads as ONNX wants: [top, left, bottom, right]', () => {
    const w = { kernel: [3, 5] as [number, number], strides: [2, 1] as [number, number], dilations: [1, 1] as [number, number] };
    expect(onnxPads2d('VALID', [9, 8], w)).toEqual([0, 0, 0, 0]);
    expect(onnxPads2d('SAME', [9, 8], w)).toEqual([1, 2, 1, 2]);
    // explicit_paddings is NHWC pairs: [n0, n1, top, bottom, left, right, c0, c1]
    expect(onnxPads2d('EXPLICIT', [9, 8], w, [0, 0, 1, 2, 3, 4, 0, 0])).toEqual([1, 3, 2, 4]);
    expect(windowOutputHW([9, 8], w, [1, 3, 2, 4])).toEqual([5, 11]);
    expect(() => onnxPads2d('EXPLICIT', [9, 8], w, [1, 0, 0, 0, 0, 0, 0, 0])).toThrow(/batch or channel/);
    expect(() => onnxPads2d('EXPLICIT', [9, 8], w, [0, 0])).toThrow(/8 explicit_paddings/);
  });
});
