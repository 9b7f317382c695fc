import { deflateRawSync } from 'node:zlib';
import { crc32 } from './npz';

/**
 * A tiny .npz writer for tests: builds .npy members (any header dict, any bytes) and zips them stored or
 * deflated, so tests can make both valid archives and precisely broken ones without numpy.
 */

export interface NpyMember {
  name: string;
  /** dtype string, e.g. '<f4', '<f8', '>f8', '<i4'. */
  descr: string;
  shape: number[];
  values: ArrayLike<number>;
  fortran?: boolean;
  /** Override the header text entirely (for malformed-header tests). */
  rawHeader?: string;
  /** Override the data bytes (for truncated-data tests). */
  rawData?: Uint8Array;
}

function encodeValues(m: NpyMember): Uint8Array {
  const match = /^([<>|])([fiu])(\d)$/.exec(m.descr);
  if (!match) return new Uint8Array(0);
  const le = match[1] !== '>';
  const size = Number(match[3]);
  const buf = new Uint8Array(m.values.length * size);
  const v = new DataView(buf.buffer);
  for (let i = 0; i < m.values.length; i++) {
    const x = m.values[i];
    const key = match[2] + size;
    if (key === 'f8') v.setFloat64(i * size, x, le);
    else if (key === 'f4') v.setFloat32(i * size, x, le);
    else if (key === 'i4') v.setInt32(i * size, x, le);
    else if (key === 'i8') v.setBigInt64(i * size, BigInt(x), le);
    else if (key === 'u1') v.setUint8(i * size, x);
  }
  return buf;
}

/** One .npy file (format 1.0). */
export function npyBytes(m: NpyMember): Uint8Array {
  const shape = m.shape.length === 1 ? `(${m.shape[0]},)` : `(${m.shape.join(', ')})`;
  let header = m.rawHeader ?? `{'descr': '${m.descr}', 'fortran_order': ${m.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  // Pad so the data starts on a 64-byte boundary, ending the header with a newline (as numpy does).
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) head[10 + i] = header.charCodeAt(i);
  const data = m.rawData ?? encodeValues(m);
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/** A zip archive of the given files, each stored (method 0) or deflated (method 8). */
export function zipBytes(files: { name: string; data: Uint8Array }[], method: 0 | 8): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const name = new TextEncoder().encode(f.name);
    const body = method === 8 ? new Uint8Array(deflateRawSync(f.data)) : f.data;
    const crc = crc32(f.data);
    const local = new Uint8Array(30 + name.length + body.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, f.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(body, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, f.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cdSize = centrals.reduce((a, c) => a + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let o = 0;
  for (const part of [...locals, ...centrals, eocd]) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** An .npz of the given arrays. */
export function npzBytes(members: NpyMember[], method: 0 | 8 = 0): Uint8Array {
  return zipBytes(members.map((m) => ({ name: `${m.name}.npy`, data: npyBytes(m) })), method);
}
