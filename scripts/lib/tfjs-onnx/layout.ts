/**
 * Layout conversions. TensorFlow.js graphs are NHWC with HWIO filters; ONNX convolutions, pools and resizes
 * are NCHW with OIHW filters. Activations are transposed in the graph (once at each layout boundary); constant
 * filters are rearranged here on the host so the emitted graph carries them ready to use.
 */
import type { WeightData } from './dequantize';

export const NHWC_TO_NCHW = [0, 3, 1, 2] as const;
export const NCHW_TO_NHWC = [0, 2, 3, 1] as const;

/** Where NHWC axis `a` lives in the NCHW form of the same tensor. */
export function nchwAxisOf(nhwcAxis: number): number {
  const a = nhwcAxis < 0 ? nhwcAxis + 4 : nhwcAxis;
  const at = [0, 2, 3, 1][a];
  if (at === undefined) throw new Error(`axis ${nhwcAxis} is out of range for a rank-4 tensor`);
  return at;
}

/** Row-major transpose of a host array: out.shape[i] = shape[perm[i]]. */
export function transposeHost<T extends WeightData>(data: T, shape: readonly number[], perm: readonly number[]): T {
  if (perm.length !== shape.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new Error(`transposeHost: perm [${perm}] does not fit shape [${shape}]`);
  }
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i]!;
  }
  if (s !== data.length) throw new Error(`transposeHost: ${data.length} values do not fill shape [${shape}]`);
  const strideOfOut = perm.map((p) => inStrides[p]!);
  const out = new (data.constructor as { new (n: number): T })(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let k = 0; k < rank; k++) src += idx[k]! * strideOfOut[k]!;
    out[o] = data[src]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++idx[k]! < outShape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** Conv2D filter [kh, kw, in, out] → ONNX Conv weight [out, in, kh, kw]. */
export function hwioToOihw(data: Float32Array, shape: readonly number[]): { data: Float32Array; shape: number[] } {
  if (shape.length !== 4) throw new Error(`Conv2D filter must be rank 4 [kh, kw, in, out], got [${shape}]`);
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  return { data: transposeHost(data, shape, [3, 2, 0, 1]), shape: [co, ci, kh, kw] };
}

/**
 * Depthwise filter [kh, kw, in, multiplier] → grouped-Conv weight [in·multiplier, 1, kh, kw] (group = in).
 * TensorFlow numbers depthwise output channels c·multiplier + m, which is the order grouped Conv produces
 * when the weight's first axis is (in, multiplier) flattened.
 */
export function depthwiseToGrouped(data: Float32Array, shape: readonly number[]): { data: Float32Array; shape: number[]; group: number } {
  if (shape.length !== 4) throw new Error(`depthwise filter must be rank 4 [kh, kw, in, multiplier], got [${shape}]`);
  const [kh, kw, ci, m] = shape as [number, number, number, number];
  return { data: transposeHost(data, shape, [2, 3, 0, 1]), shape: [ci * m, 1, kh, kw], group: ci };
}
