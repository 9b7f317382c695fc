/** Tensor element types the graph compiler handles, with their ONNX TensorProto.DataType codes. */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
export type FloatDType = 'float32' | 'float64';

export const ONNX_ELEM_TYPE: Record<DType, number> = {
  float32: 1,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
};

export function isFloat(d: DType): d is FloatDType {
  return d === 'float32' || d === 'float64';
}

export type HostArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** Copies plain numbers into the typed array that stores `dtype`. */
export function toTypedArray(dtype: DType, values: ArrayLike<number> | HostArray): HostArray {
  switch (dtype) {
    case 'float32':
      return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>, Number);
    case 'float64':
      return values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>, Number);
    case 'int32':
      return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>, Number);
    case 'bool':
      return values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
    case 'int64': {
      if (values instanceof BigInt64Array) return values;
      const out = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = BigInt(Math.trunc(Number(values[i])));
      return out;
    }
  }
}
