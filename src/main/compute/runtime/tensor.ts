/** Host-side tensors: plain typed arrays plus a dtype and dims, independent of ONNX Runtime's Tensor class. */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
export type TensorArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

export interface HostTensor {
  type: DType;
  data: TensorArray;
  dims: readonly number[];
}

export type RuntimeErrorCode = 'bad_input' | 'load_failed' | 'run_failed' | 'released';

/** Thrown by the runtime façade; `code` and `details` let callers turn it into an ApiError. */
export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly details?: unknown;
  constructor(code: RuntimeErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'RuntimeError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function checkDims(dims: readonly number[], what = 'tensor'): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RuntimeError('bad_input', `${what}: dims must be non-negative integers, got [${dims.join(', ')}]`);
    }
  }
}

/** Which typed array each dtype must be stored in. */
export function arrayMatchesType(type: DType, data: TensorArray): boolean {
  switch (type) {
    case 'float32':
      return data instanceof Float32Array;
    case 'float64':
      return data instanceof Float64Array;
    case 'int64':
      return data instanceof BigInt64Array;
    case 'int32':
      return data instanceof Int32Array;
    case 'bool':
      return data instanceof Uint8Array;
  }
}

/** Validates a host tensor's internal consistency (dtype ↔ array class, element count ↔ dims). */
export function validateTensor(t: HostTensor, what = 'tensor'): void {
  checkDims(t.dims, what);
  if (!arrayMatchesType(t.type, t.data)) {
    throw new RuntimeError('bad_input', `${what}: dtype ${t.type} does not match array ${t.data.constructor.name}`);
  }
  const n = elementCount(t.dims);
  if (n !== t.data.length) {
    throw new RuntimeError(
      'bad_input',
      `${what}: dims [${t.dims.join(', ')}] need ${n} elements, data has ${t.data.length}`,
      { dims: [...t.dims], length: t.data.length },
    );
  }
}

function make(type: DType, data: TensorArray, dims: readonly number[]): HostTensor {
  const t: HostTensor = { type, data, dims: [...dims] };
  validateTensor(t, `${type} tensor`);
  return t;
}

export function f32(data: ArrayLike<number> | Float32Array, dims: readonly number[]): HostTensor {
  return make('float32', data instanceof Float32Array ? data : Float32Array.from(data), dims);
}

export function f64(data: ArrayLike<number> | Float64Array, dims: readonly number[]): HostTensor {
  return make('float64', data instanceof Float64Array ? data : Float64Array.from(data), dims);
}

export function i64(data: ArrayLike<number> | ArrayLike<bigint> | BigInt64Array, dims: readonly number[]): HostTensor {
  if (data instanceof BigInt64Array) return make('int64', data, dims);
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number | bigint;
    if (typeof v === 'number' && !Number.isSafeInteger(v)) {
      throw new RuntimeError('bad_input', `int64 tensor: element ${i} (${v}) is not a safe integer`);
    }
    out[i] = BigInt(v);
  }
  return make('int64', out, dims);
}

export function i32(data: ArrayLike<number> | Int32Array, dims: readonly number[]): HostTensor {
  return make('int32', data instanceof Int32Array ? data : Int32Array.from(data), dims);
}

export function bool(data: ArrayLike<boolean | number> | Uint8Array, dims: readonly number[]): HostTensor {
  if (data instanceof Uint8Array) return make('bool', data, dims);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
  return make('bool', out, dims);
}

/** Reads a scalar (or the first element) as a JS number, whatever the dtype. */
export function scalarOf(t: HostTensor): number {
  if (t.data.length === 0) throw new RuntimeError('bad_input', 'scalarOf: empty tensor');
  return Number(t.data[0]);
}
