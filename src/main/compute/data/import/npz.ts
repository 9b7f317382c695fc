import { inflateRawSync } from 'node:zlib';

/**
 * Reading NumPy .npz archives (a zip of .npy files): the zip container (store and deflate, ZIP64 as
 * numpy writes it) and the .npy header / data. Arrays come back as Float64Array in C order whatever
 * their stored dtype (float16/32/64, signed/unsigned ints, bool; either byte order) and memory order
 * (Fortran-ordered arrays are transposed). Node-only (node:zlib): the data engine runs in the compute process.
 */

export class NpzError extends Error {
  constructor(
    readonly code: 'bad_format' | 'unsupported' | 'too_large' | 'empty',
    message: string,
  ) {
    super(message);
  }
}

export interface NpyArray {
  shape: number[];
  /** The stored dtype, as written in the header (e.g. '<f4'). */
  dtype: string;
  data: Float64Array;
}

/** Largest uncompressed member we inflate, bytes. */
export const NPZ_MAX_MEMBER_BYTES = 512 * 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
const u64 = (b: Uint8Array, o: number): number => u32(b, o) + u32(b, o + 4) * 0x100000000;

let crcTable: Uint32Array | null = null;
/** CRC-32 (zip's polynomial), to refuse corrupt members instead of decoding garbage. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function readCentralDirectory(b: Uint8Array): ZipEntry[] {
  if (b.length < 22) throw new NpzError('bad_format', 'not a zip archive (too short to be an .npz file)');
  if (!(b[0] === 0x50 && b[1] === 0x4b)) throw new NpzError('bad_format', 'not a zip archive (an .npz file starts with "PK")');
  // End of central directory: the last "PK\5\6" within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let o = b.length - 22; o >= Math.max(0, b.length - 22 - 0xffff); o--) {
    if (b[o] === 0x50 && b[o + 1] === 0x4b && b[o + 2] === 5 && b[o + 3] === 6) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) throw new NpzError('bad_format', 'not a complete zip archive (no end-of-directory record; truncated?)');
  let count = u16(b, eocd + 10);
  let cdSize = u32(b, eocd + 12);
  let cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: locator just before the EOCD points at the ZIP64 end record.
    const loc = eocd - 20;
    if (loc < 0 || u32(b, loc) !== 0x07064b50) throw new NpzError('bad_format', 'broken ZIP64 archive (no ZIP64 locator)');
    const rec = u64(b, loc + 8);
    if (rec + 56 > b.length || u32(b, rec) !== 0x06064b50) throw new NpzError('bad_format', 'broken ZIP64 archive (bad ZIP64 end record)');
    count = u64(b, rec + 32);
    cdSize = u64(b, rec + 40);
    cdOffset = u64(b, rec + 48);
  }
  if (cdOffset + cdSize > b.length) throw new NpzError('bad_format', 'broken zip archive (directory beyond the end of the file; truncated?)');
  const entries: ZipEntry[] = [];
  let o = cdOffset;
  for (let i = 0; i < count; i++) {
    if (o + 46 > b.length || u32(b, o) !== 0x02014b50) throw new NpzError('bad_format', `broken zip archive (directory entry ${i + 1} is damaged)`);
    const flags = u16(b, o + 8);
    const method = u16(b, o + 10);
    const crc = u32(b, o + 16);
    let compressedSize = u32(b, o + 20);
    let size = u32(b, o + 24);
    const nameLen = u16(b, o + 28);
    const extraLen = u16(b, o + 30);
    const commentLen = u16(b, o + 32);
    let localOffset = u32(b, o + 42);
    if (o + 46 + nameLen + extraLen > b.length) throw new NpzError('bad_format', 'broken zip archive (directory entry runs past the end)');
    const name = new TextDecoder().decode(b.subarray(o + 46, o + 46 + nameLen));
    if (flags & 1) throw new NpzError('unsupported', `"${name}" is encrypted`);
    // ZIP64 extra field: the 0xFFFFFFFF fields, in order, as 8-byte values.
    let e = o + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = u16(b, e);
      const len = u16(b, e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === 0xffffffff) { size = u64(b, p); p += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(b, p); p += 8; }
        if (localOffset === 0xffffffff) { localOffset = u64(b, p); p += 8; }
      }
      e += 4 + len;
    }
    entries.push({ name, method, crc, compressedSize, size, localOffset });
    o += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function memberBytes(b: Uint8Array, e: ZipEntry): Uint8Array {
  const o = e.localOffset;
  if (o + 30 > b.length || u32(b, o) !== 0x04034b50) throw new NpzError('bad_format', `broken zip archive (local header of "${e.name}" is damaged)`);
  const start = o + 30 + u16(b, o + 26) + u16(b, o + 28);
  if (start + e.compressedSize > b.length) throw new NpzError('bad_format', `"${e.name}" runs past the end of the file (truncated?)`);
  if (e.size > NPZ_MAX_MEMBER_BYTES) throw new NpzError('too_large', `"${e.name}" is ${e.size} bytes uncompressed, more than the ${NPZ_MAX_MEMBER_BYTES} supported`);
  const raw = b.subarray(start, start + e.compressedSize);
  let data: Uint8Array;
  if (e.method === 0) data = raw;
  else if (e.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      throw new NpzError('bad_format', `"${e.name}" could not be decompressed (${err instanceof Error ? err.message : String(err)})`);
    }
  } else throw new NpzError('unsupported', `"${e.name}" uses zip compression method ${e.method}; only stored and deflated members are supported`);
  if (data.length !== e.size) throw new NpzError('bad_format', `"${e.name}" has ${data.length} bytes, its directory entry says ${e.size}`);
  if (crc32(data) !== e.crc) throw new NpzError('bad_format', `"${e.name}" is corrupt (checksum mismatch)`);
  return data;
}

/** Parses the Python-literal header dict of an .npy file. */
function parseHeader(text: string, name: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(text);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) {
    if (/['"]descr['"]\s*:\s*\[/.test(text)) throw new NpzError('unsupported', `"${name}" is a structured array; a plain numeric array is needed`);
    throw new NpzError('bad_format', `"${name}" has a malformed .npy header`);
  }
  const dims = shape[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: number[] = [];
  for (const d of dims) {
    if (!/^\d+L?$/.test(d)) throw new NpzError('bad_format', `"${name}" has a malformed shape (${shape[1]})`);
    out.push(parseInt(d, 10));
  }
  return { descr: descr[1], fortran: fortran[1] === 'True', shape: out };
}

function readerFor(descr: string, name: string): { size: number; read: (v: DataView, o: number) => number } {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  if (!m) throw new NpzError('unsupported', `"${name}" has dtype ${descr}; numeric arrays (float, int, bool) are needed`);
  const le = m[1] !== '>';
  const kind = m[2];
  const size = Number(m[3]);
  const key = `${kind}${size}`;
  switch (key) {
    case 'f8': return { size, read: (v, o) => v.getFloat64(o, le) };
    case 'f4': return { size, read: (v, o) => v.getFloat32(o, le) };
    case 'f2': return { size, read: (v, o) => halfToFloat(v.getUint16(o, le)) };
    case 'i8': return { size, read: (v, o) => Number(v.getBigInt64(o, le)) };
    case 'i4': return { size, read: (v, o) => v.getInt32(o, le) };
    case 'i2': return { size, read: (v, o) => v.getInt16(o, le) };
    case 'i1': return { size, read: (v, o) => v.getInt8(o) };
    case 'u8': return { size, read: (v, o) => Number(v.getBigUint64(o, le)) };
    case 'u4': return { size, read: (v, o) => v.getUint32(o, le) };
    case 'u2': return { size, read: (v, o) => v.getUint16(o, le) };
    case 'u1': case 'b1': return { size, read: (v, o) => v.getUint8(o) };
  }
  throw new NpzError('unsupported', `"${name}" has dtype ${descr}, which is not supported`);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Decodes one .npy file. */
export function parseNpy(bytes: Uint8Array, name = 'array'): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new NpzError('bad_format', `"${name}" is not an .npy array`);
  const major = bytes[6];
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = u16(bytes, 8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpzError('bad_format', `"${name}" is truncated`);
    headerLen = u32(bytes, 8);
    headerStart = 12;
  } else throw new NpzError('unsupported', `"${name}" uses .npy format version ${major}`);
  if (headerStart + headerLen > bytes.length) throw new NpzError('bad_format', `"${name}" is truncated (header)`);
  const header = parseHeader(new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLen)), name);
  const { size, read } = readerFor(header.descr, name);
  let count = 1;
  for (const d of header.shape) count *= d;
  const dataStart = headerStart + headerLen;
  if (!Number.isSafeInteger(count) || count * size > NPZ_MAX_MEMBER_BYTES) throw new NpzError('too_large', `"${name}" declares ${header.shape.join('×')} elements, too many`);
  if (dataStart + count * size !== bytes.length) {
    throw new NpzError('bad_format', `"${name}" holds ${bytes.length - dataStart} data bytes, its header (${header.shape.join('×')} × ${header.descr}) needs ${count * size}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, count * size);
  const data = new Float64Array(count);
  if (!header.fortran || header.shape.length < 2) {
    for (let i = 0; i < count; i++) data[i] = read(view, i * size);
  } else {
    // Fortran order: the first index varies fastest. Write each element to its C-order position.
    const shape = header.shape;
    const nd = shape.length;
    const idx = new Array<number>(nd).fill(0);
    const cStride = new Array<number>(nd).fill(1);
    for (let k = nd - 2; k >= 0; k--) cStride[k] = cStride[k + 1] * shape[k + 1];
    for (let i = 0; i < count; i++) {
      let c = 0;
      for (let k = 0; k < nd; k++) c += idx[k] * cStride[k];
      data[c] = read(view, i * size);
      for (let k = 0; k < nd; k++) {
        if (++idx[k] < shape[k]) break;
        idx[k] = 0;
      }
    }
  }
  return { shape: header.shape, dtype: header.descr, data };
}

/**
 * Opens an .npz archive: the member names (without ".npy") and a loader for each, so only the arrays
 * that are needed get inflated and decoded.
 */
export function openNpz(bytes: Uint8Array): { names: string[]; load: (name: string) => NpyArray } {
  const entries = readCentralDirectory(bytes);
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    byName.set(e.name.endsWith('.npy') ? e.name.slice(0, -4) : e.name, e);
  }
  return {
    names: [...byName.keys()],
    load: (name: string) => {
      const e = byName.get(name);
      if (!e) throw new NpzError('bad_format', `the archive has no "${name}" array`);
      return parseNpy(memberBytes(bytes, e), name);
    },
  };
}
