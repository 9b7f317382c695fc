/**
 * Writing NumPy .npy files (format version 1.0), byte for byte as `np.save` (numpy ≥ 1.23) writes them:
 * the magic, a little-endian u16 header length, the header dict in numpy's own spelling with the spare
 * spaces numpy leaves for growing the first axis, padded with spaces and a final newline so the data
 * starts on a 64-byte boundary; then the data in C order. Platform-free (Uint8Array out).
 *
 * Supported dtypes: little-endian float32/float64/int32/int64 and unicode strings ('<U<n>': UTF-32LE,
 * n code points per item, shorter items zero-padded), which numpy loads without allow_pickle.
 */

export type NpyNumericDtype = '<f4' | '<f8' | '<i4' | '<i8';

/** An array to write: `data` holds the elements in C order, `shape` [] for a 0-d (scalar) array. */
export type NpyArrayInput =
  | { dtype: NpyNumericDtype; shape: readonly number[]; data: ArrayLike<number> }
  | { dtype: '<U'; shape: readonly number[]; data: readonly string[] };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ALIGN = 64;
/** numpy reserves room in the header for the growing axis to reach this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const ITEM_SIZE: Record<NpyNumericDtype, number> = { '<f4': 4, '<f8': 8, '<i4': 4, '<i8': 8 };

/** Python's repr of a shape tuple: (), (3,), (1, 72). */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The header dict text as numpy writes it (keys sorted, trailing ", }", growth spaces, alignment
 * spaces and '\n'); its length + 10 is a multiple of 64.
 */
export function npyHeaderText(descr: string, shape: readonly number[]): string {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  // numpy pads by ALIGN − (10 + len + 1) % ALIGN, which is a whole ALIGN (not 0) when already aligned.
  const pad = ALIGN - ((MAGIC.length + 4 + dict.length + 1) % ALIGN);
  return dict + ' '.repeat(pad) + '\n';
}

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`shape (${shape.join(', ')}) has a dimension that is not a non-negative integer`);
    n *= d;
  }
  return n;
}

/** Unicode code points of a string; unpaired surrogates become U+FFFD, which numpy can decode. */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    out.push(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
  }
  return out;
}

function encodeNumbers(dtype: NpyNumericDtype, data: ArrayLike<number>): Uint8Array {
  const size = ITEM_SIZE[dtype];
  const buf = new Uint8Array(data.length * size);
  const v = new DataView(buf.buffer);
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    const o = i * size;
    switch (dtype) {
      case '<f4': v.setFloat32(o, x, true); break;
      case '<f8': v.setFloat64(o, x, true); break;
      case '<i4':
        if (!Number.isInteger(x) || x < -0x80000000 || x > 0x7fffffff) throw new RangeError(`element ${i} (${x}) is not an int32`);
        v.setInt32(o, x, true);
        break;
      case '<i8':
        if (!Number.isSafeInteger(x)) throw new RangeError(`element ${i} (${x}) is not a safe integer for int64`);
        v.setBigInt64(o, BigInt(x), true);
        break;
    }
  }
  return buf;
}

function encodeStrings(data: readonly string[]): { descr: string; bytes: Uint8Array } {
  const points = data.map(codePoints);
  // numpy's smallest unicode item is one code point (np.array('') is '<U1').
  const width = points.reduce((w, p) => Math.max(w, p.length), 1);
  const bytes = new Uint8Array(data.length * width * 4);
  const v = new DataView(bytes.buffer);
  points.forEach((p, i) => p.forEach((cp, k) => v.setUint32((i * width + k) * 4, cp, true)));
  return { descr: `<U${width}`, bytes };
}

/** One .npy file. Throws RangeError when the data does not fit the shape or the dtype. */
export function encodeNpy(array: NpyArrayInput): Uint8Array {
  const count = elementCount(array.shape);
  if (array.data.length !== count) {
    throw new RangeError(`shape (${array.shape.join(', ')}) needs ${count} elements, got ${array.data.length}`);
  }
  const { descr, bytes } =
    array.dtype === '<U' ? encodeStrings(array.data) : { descr: array.dtype, bytes: encodeNumbers(array.dtype, array.data) };
  const header = npyHeaderText(descr, array.shape);
  if (header.length > 0xffff) throw new RangeError('the .npy header is too long for format 1.0');
  const out = new Uint8Array(10 + header.length + bytes.length);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  // The header is ASCII: descr, digits and punctuation only.
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(bytes, 10 + header.length);
  return out;
}
