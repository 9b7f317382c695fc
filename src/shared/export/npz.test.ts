import { describe, expect, it } from 'vitest';
import { encodeNpy } from './npy';
import { crc32, encodeNpz, storedZip } from './npz';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(enc('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('storedZip', () => {
  it('lays out local headers, data, central directory and end record (hand-checked offsets)', () => {
    const zip = storedZip([{ name: 'a.txt', data: enc('hi') }, { name: 'b', data: new Uint8Array(0) }], new Date('2026-11-25T08:30:14Z'));
    const v = new DataView(zip.buffer);
    // Local a.txt: 30 + 5 + 2 = 37 bytes; local b: 30 + 1 = 31; centrals 46 + 5 and 46 + 1; end record 22.
    expect(zip.length).toBe(37 + 31 + 51 + 47 + 22);
    expect(v.getUint32(0, true)).toBe(0x04034b50);
    expect(v.getUint16(8, true)).toBe(0); // stored
    // DOS time 08:30:14 → (8 << 11) | (30 << 5) | 7; date 2026-11-25 → (46 << 9) | (11 << 5) | 25.
    expect(v.getUint16(10, true)).toBe((8 << 11) | (30 << 5) | 7);
    expect(v.getUint16(12, true)).toBe((46 << 9) | (11 << 5) | 25);
    expect(v.getUint32(14, true)).toBe(crc32(enc('hi')));
    expect(v.getUint32(18, true)).toBe(2);
    expect(v.getUint32(22, true)).toBe(2);
    expect(new TextDecoder().decode(zip.subarray(30, 37))).toBe('a.txthi');
    expect(v.getUint32(37, true)).toBe(0x04034b50);
    // Central directory at 68: entry for a.txt then b (local offset 37).
    expect(v.getUint32(68, true)).toBe(0x02014b50);
    expect(v.getUint32(68 + 16, true)).toBe(crc32(enc('hi')));
    expect(v.getUint32(68 + 42, true)).toBe(0);
    expect(v.getUint32(68 + 51 + 42, true)).toBe(37);
    const eocd = zip.length - 22;
    expect(v.getUint32(eocd, true)).toBe(0x06054b50);
    expect(v.getUint16(eocd + 8, true)).toBe(2);
    expect(v.getUint16(eocd + 10, true)).toBe(2);
    expect(v.getUint32(eocd + 12, true)).toBe(51 + 47);
    expect(v.getUint32(eocd + 16, true)).toBe(68);
  });

  it('is deterministic, flags UTF-8 names, and refuses empty or repeated names', () => {
    const files = [{ name: 'x', data: enc('1') }];
    expect(storedZip(files)).toEqual(storedZip(files));
    const utf = storedZip([{ name: 'é.npy', data: enc('') }]);
    expect(new DataView(utf.buffer).getUint16(6, true)).toBe(1 << 11);
    expect(() => storedZip([{ name: '', data: enc('') }])).toThrow(/needs a name/);
    expect(() => storedZip([...files, ...files])).toThrow(/appears twice/);
  });
});

describe('encodeNpz', () => {
  it('stores each array as "<key>.npy" holding exactly the .npy bytes', () => {
    const a = { dtype: '<f4' as const, shape: [2], data: [0.5, -1] };
    const s = { dtype: '<U' as const, shape: [], data: ['neutral'] };
    const zip = encodeNpz([['poses', a], ['gender', s]]);
    const v = new DataView(zip.buffer);
    const npyA = encodeNpy(a);
    expect(v.getUint16(26, true)).toBe('poses.npy'.length);
    expect(new TextDecoder().decode(zip.subarray(30, 39))).toBe('poses.npy');
    expect(zip.subarray(39, 39 + npyA.length)).toEqual(npyA);
    const second = 39 + npyA.length;
    expect(new TextDecoder().decode(zip.subarray(second + 30, second + 40))).toBe('gender.npy');
    expect(zip.subarray(second + 40, second + 40 + encodeNpy(s).length)).toEqual(encodeNpy(s));
  });
});
