import { type NpyArrayInput, encodeNpy } from './npy';

/**
 * Writing .npz archives: a ZIP of .npy members, each stored uncompressed (method 0), with the CRC-32
 * zip readers check. No ZIP64: an archive over 4 GiB or 65,535 members is refused (a pose file is a few
 * kilobytes). Platform-free: the renderer and the main process can both build one.
 */

let table: Uint32Array | null = null;

/** CRC-32 as ZIP uses it (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF). */
export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipFileInput {
  name: string;
  data: Uint8Array;
}

/** The MS-DOS date and time ZIP stores (2-second resolution; clamped to 1980–2107; UTC fields). */
function dosDateTime(d: Date): { date: number; time: number } {
  const t = d.getTime();
  if (!Number.isFinite(t)) return { date: (0 << 9) | (1 << 5) | 1, time: 0 };
  const year = d.getUTCFullYear();
  if (year < 1980) return { date: (0 << 9) | (1 << 5) | 1, time: 0 };
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

const VERSION_NEEDED = 20; // 2.0: plain stored members
const VERSION_MADE_BY = (3 << 8) | 20; // Unix, 2.0 — so external attributes carry Unix permissions
const UNIX_FILE_0644 = (0o100644 << 16) >>> 0;
const UTF8_NAMES = 1 << 11;

/**
 * A ZIP archive of the files, stored (no compression), in the given order. `modified` is the time every
 * member records (default 1980-01-01, so equal input gives equal bytes). Throws RangeError on an empty or
 * repeated name, or an archive too large for a ZIP without ZIP64.
 */
export function storedZip(files: readonly ZipFileInput[], modified?: Date): Uint8Array {
  if (files.length > 0xffff) throw new RangeError(`${files.length} members is more than a ZIP without ZIP64 holds`);
  const { date, time } = dosDateTime(modified ?? new Date(Date.UTC(1980, 0, 1)));
  const enc = new TextEncoder();
  const seen = new Set<string>();
  const parts = files.map((f) => {
    if (f.name === '') throw new RangeError('a ZIP member needs a name');
    if (seen.has(f.name)) throw new RangeError(`"${f.name}" appears twice`);
    seen.add(f.name);
    const name = enc.encode(f.name);
    // eslint-disable-next-line no-control-regex
    const flags = /^[\x00-\x7f]*$/.test(f.name) ? 0 : UTF8_NAMES;
    return { name, data: f.data, crc: crc32(f.data), flags };
  });
  const localSize = parts.reduce((s, p) => s + 30 + p.name.length + p.data.length, 0);
  const centralSize = parts.reduce((s, p) => s + 46 + p.name.length, 0);
  const total = localSize + centralSize + 22;
  if (localSize > 0xffffffff || total > 0xffffffff) throw new RangeError('the archive is larger than a ZIP without ZIP64 holds (4 GiB)');

  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  const offsets: number[] = [];
  let o = 0;
  for (const p of parts) {
    offsets.push(o);
    v.setUint32(o, 0x04034b50, true);
    v.setUint16(o + 4, VERSION_NEEDED, true);
    v.setUint16(o + 6, p.flags, true);
    v.setUint16(o + 8, 0, true); // stored
    v.setUint16(o + 10, time, true);
    v.setUint16(o + 12, date, true);
    v.setUint32(o + 14, p.crc, true);
    v.setUint32(o + 18, p.data.length, true);
    v.setUint32(o + 22, p.data.length, true);
    v.setUint16(o + 26, p.name.length, true);
    v.setUint16(o + 28, 0, true); // no extra field
    out.set(p.name, o + 30);
    out.set(p.data, o + 30 + p.name.length);
    o += 30 + p.name.length + p.data.length;
  }
  const centralStart = o;
  parts.forEach((p, i) => {
    v.setUint32(o, 0x02014b50, true);
    v.setUint16(o + 4, VERSION_MADE_BY, true);
    v.setUint16(o + 6, VERSION_NEEDED, true);
    v.setUint16(o + 8, p.flags, true);
    v.setUint16(o + 10, 0, true);
    v.setUint16(o + 12, time, true);
    v.setUint16(o + 14, date, true);
    v.setUint32(o + 16, p.crc, true);
    v.setUint32(o + 20, p.data.length, true);
    v.setUint32(o + 24, p.data.length, true);
    v.setUint16(o + 28, p.name.length, true);
    // extra length, comment length, disk number, internal attributes: all zero
    v.setUint32(o + 38, UNIX_FILE_0644, true);
    v.setUint32(o + 42, offsets[i], true);
    out.set(p.name, o + 46);
    o += 46 + p.name.length;
  });
  v.setUint32(o, 0x06054b50, true);
  v.setUint16(o + 8, parts.length, true);
  v.setUint16(o + 10, parts.length, true);
  v.setUint32(o + 12, o - centralStart, true);
  v.setUint32(o + 16, centralStart, true);
  return out;
}

/**
 * An .npz archive (what `np.savez` writes, uncompressed): one "<key>.npy" member per entry, in order.
 * `np.load(path)` opens it without allow_pickle as long as no array is an object array (none can be here).
 */
export function encodeNpz(arrays: ReadonlyArray<readonly [string, NpyArrayInput]>, modified?: Date): Uint8Array {
  return storedZip(
    arrays.map(([key, array]) => ({ name: `${key}.npy`, data: encodeNpy(array) })),
    modified,
  );
}
