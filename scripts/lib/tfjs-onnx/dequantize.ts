/**
 * Decodes the weight shards of a TensorFlow.js graph model into host arrays, undoing the converter's
 * quantization the same way tfjs-core's `decodeWeights` does, so the ONNX model starts from bit-identical
 * float32 values and any difference from TensorFlow.js comes from the arithmetic alone.
 */

/** One entry of `weightsManifest[].weights` in model.json. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | string;
  quantization?: {
    dtype: 'uint8' | 'uint16' | 'float16' | string;
    /** Affine quantization: value = min + scale · q. */
    min?: number;
    scale?: number;
    original_dtype?: string;
  };
  /** Shard groups may carry several weights under one name prefix; unused here. */
  group?: string;
}

export type WeightData = Float32Array | Int32Array | Uint8Array;

export interface DecodedWeight {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: WeightData;
}

/** IEEE 754 binary16 → number (exact: every half value is representable in float32). */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal (and ±0)
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const elementCount = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

/** Bytes one element occupies in the shard, after quantization if any. */
function storedBytesPerElement(spec: WeightSpec): number {
  const q = spec.quantization?.dtype;
  if (q === 'uint8') return 1;
  if (q === 'uint16' || q === 'float16') return 2;
  if (q !== undefined) throw new Error(`weight ${spec.name}: unsupported quantization dtype "${q}"`);
  if (spec.dtype === 'float32' || spec.dtype === 'int32') return 4;
  if (spec.dtype === 'bool') return 1;
  throw new Error(`weight ${spec.name}: unsupported dtype "${spec.dtype}" (float32, int32 and bool are)`);
}

function readQuantized(spec: WeightSpec, bytes: Uint8Array): Uint8Array | Uint16Array {
  if (spec.quantization!.dtype === 'uint8') return bytes;
  // The shard is little-endian; DataView keeps this correct on any host and needs no alignment.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint16Array(bytes.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint16(2 * i, true);
  return out;
}

/** Decodes one weight from the bytes it occupies in the concatenated shards. */
export function decodeWeight(spec: WeightSpec, bytes: Uint8Array): DecodedWeight {
  const n = elementCount(spec.shape);
  const expected = n * storedBytesPerElement(spec);
  if (bytes.byteLength !== expected) {
    throw new Error(`weight ${spec.name}: expected ${expected} bytes for shape [${spec.shape}], got ${bytes.byteLength}`);
  }
  const q = spec.quantization;
  if (q) {
    const stored = readQuantized(spec, bytes);
    if (q.dtype === 'float16') {
      if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name}: float16 quantization of ${spec.dtype} is not defined`);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = float16ToNumber(stored[i]!);
      return { dtype: 'float32', shape: [...spec.shape], data };
    }
    if (q.min === undefined || q.scale === undefined) {
      throw new Error(`weight ${spec.name}: ${q.dtype} quantization needs "min" and "scale"`);
    }
    const { min, scale } = q;
    if (spec.dtype === 'float32') {
      // Same expression and order as tfjs-core (q · scale + min, rounded once to float32).
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = stored[i]! * scale + min;
      return { dtype: 'float32', shape: [...spec.shape], data };
    }
    if (spec.dtype === 'int32') {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = Math.round(stored[i]! * scale + min);
      return { dtype: 'int32', shape: [...spec.shape], data };
    }
    throw new Error(`weight ${spec.name}: ${q.dtype} quantization of ${spec.dtype} is not supported`);
  }
  // Copy so the result is aligned and independent of the shard buffer.
  const copy = bytes.slice();
  if (spec.dtype === 'float32') return { dtype: 'float32', shape: [...spec.shape], data: new Float32Array(copy.buffer) };
  if (spec.dtype === 'int32') return { dtype: 'int32', shape: [...spec.shape], data: new Int32Array(copy.buffer) };
  return { dtype: 'bool', shape: [...spec.shape], data: copy };
}

/**
 * Decodes every weight of a manifest. `shards` are the manifest's groups' files, concatenated in manifest
 * order (tfjs treats all groups as one byte stream and places the weights back to back).
 */
export function decodeWeights(specs: readonly WeightSpec[], shards: Uint8Array): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  let offset = 0;
  for (const spec of specs) {
    const size = elementCount(spec.shape) * storedBytesPerElement(spec);
    if (offset + size > shards.byteLength) {
      throw new Error(`weight ${spec.name}: needs bytes ${offset}–${offset + size} but the shards hold ${shards.byteLength}`);
    }
    out.set(spec.name, decodeWeight(spec, shards.subarray(offset, offset + size)));
    offset += size;
  }
  if (offset !== shards.byteLength) {
    throw new Error(`weights manifest describes ${offset} bytes but the shards hold ${shards.byteLength}: wrong or truncated .bin files`);
  }
  return out;
}
