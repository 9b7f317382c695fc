/**
 * Numeric arrays stored as BLOBs. Blobs are little-endian IEEE-754; every platform Electron ships on is
 * little-endian, so the typed-array views below are the common path and the DataView path only keeps the
 * format portable.
 */

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float32Array → Buffer. Shares memory with the array (no copy) on little-endian hosts. */
export function float32ToBlob(values: Float32Array | readonly number[]): Buffer {
  const arr = values instanceof Float32Array ? values : Float32Array.from(values);
  if (littleEndian) return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
  const out = Buffer.allocUnsafe(arr.length * 4);
  for (let i = 0; i < arr.length; i++) out.writeFloatLE(arr[i]!, i * 4);
  return out;
}

/**
 * Copies arrays into consecutive views of one new Float32Array of `totalLength` floats: fresh arrays (never
 * the caller's) holding what float32 blobs written from them read back as. Write methods bind
 * `float32ToBlob` of each view and return the views in their records; one allocation for a whole batch is
 * much cheaper than one ArrayBuffer per array.
 */
export function float32Copier(
  totalLength: number,
): (values: Float32Array | readonly number[]) => Float32Array {
  const slab = new Float32Array(totalLength);
  let at = 0;
  return (values) => {
    const view = slab.subarray(at, at + values.length);
    if (view.length !== values.length) throw new RangeError('float32Copier: more values than totalLength');
    view.set(values);
    at += values.length;
    return view;
  };
}

/**
 * Buffer → Float32Array. A view on the buffer's memory (no copy) when it is 4-byte aligned, a copy
 * otherwise (typed arrays cannot start at an unaligned offset).
 */
export function blobToFloat32(blob: Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0)
    throw new RangeError(`a float32 blob has a multiple of 4 bytes, got ${blob.byteLength}`);
  const n = blob.byteLength / 4;
  if (littleEndian) {
    if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, n);
    return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** number[] → float64 blob: exact round trip, used for poses a person typed or edited. */
export function float64ToBlob(values: Float64Array | readonly number[]): Buffer {
  const arr = values instanceof Float64Array ? values : Float64Array.from(values);
  if (littleEndian) return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
  const out = Buffer.allocUnsafe(arr.length * 8);
  for (let i = 0; i < arr.length; i++) out.writeDoubleLE(arr[i]!, i * 8);
  return out;
}

/** The plain array of a Float64Array's values (a loop: several times faster than Array.from for pose sizes). */
export function float64ToArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

export function blobToFloat64(blob: Uint8Array): Float64Array {
  if (blob.byteLength % 8 !== 0)
    throw new RangeError(`a float64 blob has a multiple of 8 bytes, got ${blob.byteLength}`);
  const n = blob.byteLength / 8;
  if (littleEndian) {
    if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, n);
    return new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** Optional columns: null stays null. */
export const optFloat32ToBlob = (v: Float32Array | readonly number[] | null | undefined): Buffer | null =>
  v == null ? null : float32ToBlob(v);
export const optBlobToFloat32 = (b: Uint8Array | null): Float32Array | null =>
  b == null ? null : blobToFloat32(b);
