import { describe, expect, it } from 'vitest';
import { encodeNpy, npyHeaderText } from './npy';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

describe('encodeNpy', () => {
  it('writes a float32 vector exactly as np.save does (hand-computed bytes)', () => {
    const bytes = encodeNpy({ dtype: '<f4', shape: [3], data: [1, 2, 3] });
    // Dict (57 chars) + 20 growth spaces + 40 alignment spaces + '\n' = 118 = 0x76; 10 + 118 = 128.
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }" + ' '.repeat(20 + 40) + '\n';
    expect(header.length).toBe(118);
    const want = [
      ...MAGIC, 1, 0, 0x76, 0x00,
      ...ascii(header),
      0x00, 0x00, 0x80, 0x3f, // 1.0f
      0x00, 0x00, 0x00, 0x40, // 2.0f
      0x00, 0x00, 0x40, 0x40, // 3.0f
    ];
    expect(Array.from(bytes)).toEqual(want);
  });

  it('writes 0-d float64, int64 and int32 scalars (no growth spaces for shape ())', () => {
    const f8 = encodeNpy({ dtype: '<f8', shape: [], data: [30] });
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (), }";
    expect(header.length).toBe(55);
    expect(new TextDecoder().decode(f8.subarray(10, 128))).toBe(header + ' '.repeat(62) + '\n');
    expect(Array.from(f8.subarray(128))).toEqual([0, 0, 0, 0, 0, 0, 0x3e, 0x40]); // 30.0 = 0x403E000000000000
    const i8 = encodeNpy({ dtype: '<i8', shape: [], data: [-2] });
    expect(Array.from(i8.subarray(128))).toEqual([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    const i4 = encodeNpy({ dtype: '<i4', shape: [2], data: [258, -1] });
    expect(new TextDecoder().decode(i4.subarray(10, 10 + 57))).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }");
    expect(Array.from(i4.subarray(128))).toEqual([2, 1, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  });

  it('writes unicode strings as UTF-32LE with numpy\'s widths (<U7, <U1 for empty, code points not UTF-16 units)', () => {
    const g = encodeNpy({ dtype: '<U', shape: [], data: ['neutral'] });
    expect(g.length).toBe(128 + 28);
    expect(new TextDecoder().decode(g.subarray(10, 10 + 55))).toBe("{'descr': '<U7', 'fortran_order': False, 'shape': (), }");
    expect(Array.from(g.subarray(128, 136))).toEqual([0x6e, 0, 0, 0, 0x65, 0, 0, 0]); // 'n', 'e'
    const empty = encodeNpy({ dtype: '<U', shape: [], data: [''] });
    expect(new TextDecoder().decode(empty.subarray(10, 66))).toContain("'<U1'");
    expect(Array.from(empty.subarray(128))).toEqual([0, 0, 0, 0]);
    // 😀 is two UTF-16 units but one code point; shorter items are zero-padded to the widest.
    const v = encodeNpy({ dtype: '<U', shape: [2], data: ['😀', 'ab'] });
    expect(new TextDecoder().decode(v.subarray(10, 67))).toBe("{'descr': '<U2', 'fortran_order': False, 'shape': (2,), }");
    expect(Array.from(v.subarray(128))).toEqual([0x00, 0xf6, 0x01, 0x00, 0, 0, 0, 0, 0x61, 0, 0, 0, 0x62, 0, 0, 0]);
    // An unpaired surrogate (not valid Unicode) becomes U+FFFD.
    expect(Array.from(encodeNpy({ dtype: '<U', shape: [], data: ['\ud800'] }).subarray(128))).toEqual([0xfd, 0xff, 0, 0]);
  });

  it('aligns the data to 64 bytes for any shape, adding a whole 64 when numpy would', () => {
    for (const shape of [[], [0], [1, 72], [16], [123456, 3], [2, 3, 4, 5, 6, 7]]) {
      const text = npyHeaderText('<f4', shape);
      expect((10 + text.length) % 64).toBe(0);
      expect(text.endsWith('\n')).toBe(true);
    }
    // (1, 100, 1 × 12): dict + growth spaces already end on a boundary, so numpy pads a full 64.
    const aligned = npyHeaderText('<f4', [1, 100, ...new Array(12).fill(1)]);
    expect(aligned.length).toBe(182);
    expect(aligned.endsWith(' '.repeat(64) + '\n')).toBe(true);
    expect(npyHeaderText('<f4', [1, 72])).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(1, 72\), \} {20}/);
  });

  it('refuses data that does not fit the shape or the dtype', () => {
    expect(() => encodeNpy({ dtype: '<f4', shape: [2, 2], data: [1, 2, 3] })).toThrow(/needs 4 elements, got 3/);
    expect(() => encodeNpy({ dtype: '<f4', shape: [-1], data: [] })).toThrow(/non-negative integer/);
    expect(() => encodeNpy({ dtype: '<i4', shape: [1], data: [1.5] })).toThrow(/not an int32/);
    expect(() => encodeNpy({ dtype: '<i4', shape: [1], data: [2 ** 31] })).toThrow(/not an int32/);
    expect(() => encodeNpy({ dtype: '<i8', shape: [], data: [2 ** 53] })).toThrow(/safe integer/);
    expect(encodeNpy({ dtype: '<f8', shape: [0], data: [] }).length).toBe(128);
  });
});
