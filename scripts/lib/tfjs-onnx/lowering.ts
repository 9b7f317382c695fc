/**
 * The state of one conversion: each TensorFlow tensor becomes a `Value` that may exist in the ONNX graph in
 * TensorFlow's layout, in NCHW, or both. Convolution-like ops produce NCHW and take NCHW, so a chain of them
 * runs without transposes; a Transpose appears only where an op needs TensorFlow's axis order (Reshape, Shape,
 * graph outputs) and is made once per tensor.
 */
import { Graph, type Dim, type Shape, type Tensor, transpose } from '../../../src/main/compute/graph';
import type { DecodedWeight } from './dequantize';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, transposeHost } from './layout';
import type { TfNode } from './tfjs-model';

export type TfDType = 'float32' | 'int32' | 'bool';

export interface Value {
  dtype: TfDType;
  /** Shape as TensorFlow sees it (NHWC for images). */
  shape: Shape;
  /** The tensor in TensorFlow's layout, once made. */
  tf?: Tensor;
  /** The NCHW form of a rank-4 tensor, once made. */
  nchw?: Tensor;
  /** Host value of a constant, in TensorFlow's layout. */
  host?: DecodedWeight;
  /**
   * Element values of a rank ≤ 1 integer tensor known at conversion time: numbers, or symbols for dims fixed
   * only at run time (the batch). Lets a Shape → StridedSlice → Pack → Reshape chain end in a constant shape.
   */
  known?: Dim[];
}

/** TensorFlow int32 tensors carry shapes, sizes and axes here, which ONNX takes as int64. */
export const onnxDType = (d: TfDType): 'float32' | 'int64' | 'bool' => (d === 'int32' ? 'int64' : d);

export class Lowering {
  readonly g = new Graph({ dtype: 'float32' });
  private symbolCount = 0;

  /** A fresh symbol for a dim whose value only the run time knows. */
  freshSymbol(hint: string): string {
    return `${hint.replace(/[^A-Za-z0-9_]/g, '_')}_${this.symbolCount++}`;
  }

  fromHost(w: DecodedWeight): Value {
    const v: Value = { dtype: w.dtype, shape: [...w.shape], host: w };
    if (w.dtype === 'int32' && w.shape.length <= 1) v.known = Array.from(w.data as Int32Array);
    return v;
  }

  fromTf(t: Tensor, dtype: TfDType, shape: Shape = t.shape): Value {
    return { dtype, shape: [...shape], tf: t };
  }

  /** A rank-4 value made in NCHW; `t.shape` is NCHW, the TF shape is derived. */
  fromNchw(t: Tensor): Value {
    if (t.rank !== 4) throw new Error(`fromNchw: ${t} is not rank 4`);
    return { dtype: 'float32', shape: NCHW_TO_NHWC.map((a) => t.shape[a]!), nchw: t };
  }

  /** The value in TensorFlow's layout (a constant, the NHWC transpose of the NCHW form, or as made). */
  tf(v: Value): Tensor {
    if (v.tf) return v.tf;
    if (v.host) v.tf = this.g.constant(hostData(v.host), v.host.shape, onnxDType(v.host.dtype));
    else if (v.nchw) v.tf = transpose(v.nchw, NCHW_TO_NHWC);
    else throw new Error('value has no tensor');
    return v.tf;
  }

  /** The NCHW form of a rank-4 value. */
  nchw(v: Value, what: string): Tensor {
    if (v.nchw) return v.nchw;
    if (v.shape.length !== 4) throw new Error(`${what}: expected a rank-4 NHWC tensor, got shape [${v.shape.join(', ')}]`);
    if (v.host) {
      const w = v.host;
      v.nchw = this.g.constant(hostData({ ...w, data: transposeHost(w.data, w.shape, NHWC_TO_NCHW) }), NHWC_TO_NCHW.map((a) => w.shape[a]!), onnxDType(w.dtype));
    } else {
      v.nchw = transpose(this.tf(v), NHWC_TO_NCHW);
    }
    return v.nchw;
  }

  /** Whether the value is already available in NCHW (so NCHW consumers need no transpose). */
  isNchw(v: Value): boolean {
    return v.nchw !== undefined;
  }

  /** The host value of an input that must be constant (filters, sizes, axes). */
  host(v: Value, node: TfNode, what: string): DecodedWeight {
    if (!v.host) throw new Error(`${node.op} ${node.name}: ${what} must be a constant`);
    return v.host;
  }
}

/** ONNX constants for int32 hosts are int64 (see onnxDType). */
function hostData(w: DecodedWeight): Float32Array | BigInt64Array | Uint8Array {
  if (w.dtype === 'int32') return BigInt64Array.from(w.data as Int32Array, (x) => BigInt(x));
  return w.data as Float32Array | Uint8Array;
}

/** Ints a host weight holds (for attributes such as strides read from constants). */
export function hostInts(w: DecodedWeight): number[] {
  if (w.dtype !== 'int32') throw new Error(`expected an int32 constant, got ${w.dtype}`);
  return Array.from(w.data as Int32Array);
}
