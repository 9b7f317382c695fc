import { describe, expect, it } from 'vitest';
import { NpzError, crc32, openNpz, parseNpy } from './npz';
import { npyBytes, npzBytes } from './npzTestWriter';

function refusal(f: () => unknown): NpzError {
  try {
    f();
  } catch (e) {
    if (e instanceof NpzError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('parseNpy', () => {
  it('reads float32 / float64 / int32 / big-endian arrays in C order', () => {
    const vals = [1.5, -2, 3.25, 4, 5, 6];
    for (const descr of ['<f4', '<f8', '>f8', '<i4']) {
      const values = descr === '<i4' ? vals.map(Math.trunc) : vals;
      const a = parseNpy(npyBytes({ name: 'a', descr, shape: [2, 3], values }));
      expect(a.shape).toEqual([2, 3]);
      expect(Array.from(a.data)).toEqual(values);
    }
  });

  it('transposes Fortran-ordered arrays into C order', () => {
    // The 2×3 matrix [[1,2,3],[4,5,6]] stored column by column.
    const a = parseNpy(npyBytes({ name: 'a', descr: '<f8', shape: [2, 3], values: [1, 4, 2, 5, 3, 6], fortran: true }));
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads 0-d scalars', () => {
    const a = parseNpy(npyBytes({ name: 'r', descr: '<f8', shape: [], values: [120], rawHeader: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }" }));
    expect(a.shape).toEqual([]);
    expect(Array.from(a.data)).toEqual([120]);
  });

  it('refuses unsupported dtypes, malformed headers and short data', () => {
    expect(refusal(() => parseNpy(npyBytes({ name: 'g', descr: '<U7', shape: [1], values: [], rawData: new Uint8Array(28) }))).message).toMatch(/dtype <U7/);
    expect(refusal(() => parseNpy(npyBytes({ name: 'c', descr: '<c16', shape: [1], values: [], rawData: new Uint8Array(16) }))).code).toBe('unsupported');
    expect(refusal(() => parseNpy(npyBytes({ name: 'h', descr: '<f8', shape: [1], values: [1], rawHeader: '{nonsense}' }))).message).toMatch(/malformed .npy header/);
    expect(refusal(() => parseNpy(npyBytes({ name: 't', descr: '<f8', shape: [4], values: [1, 2, 3] }))).message).toMatch(/holds 24 data bytes.*needs 32/);
    expect(refusal(() => parseNpy(new Uint8Array([1, 2, 3]))).message).toMatch(/not an .npy array/);
  });
});

describe('openNpz', () => {
  const members = [
    { name: 'poses', descr: '<f4', shape: [2, 3], values: [0.5, 1, 2, 3, 4, 5] },
    { name: 'trans', descr: '<f8', shape: [2, 3], values: [0, 0, 1, 0, 0, 2] },
  ];

  for (const method of [0, 8] as const) {
    it(`reads ${method === 0 ? 'stored' : 'deflated'} members by name`, () => {
      const npz = openNpz(npzBytes(members, method));
      expect(npz.names.sort()).toEqual(['poses', 'trans']);
      expect(Array.from(npz.load('poses').data)).toEqual([0.5, 1, 2, 3, 4, 5]);
      expect(Array.from(npz.load('trans').data)).toEqual([0, 0, 1, 0, 0, 2]);
      expect(refusal(() => npz.load('betas')).message).toMatch(/no "betas" array/);
    });
  }

  it('refuses what is not a zip, a truncated archive and a corrupt member', () => {
    expect(refusal(() => openNpz(new TextEncoder().encode('HIERARCHY\nROOT Hips\n{ nothing like a zip }'))).message).toMatch(/not a zip archive/);
    expect(refusal(() => openNpz(new Uint8Array(4))).code).toBe('bad_format');
    const good = npzBytes(members, 8);
    expect(refusal(() => openNpz(good.subarray(0, good.length - 30))).message).toMatch(/no end-of-directory|truncated|damaged/);
    const stored = npzBytes(members, 0);
    const corrupt = stored.slice();
    corrupt[170] ^= 0xff; // inside the first member's data (30 + 9 name bytes + 128 header bytes in)
    expect(refusal(() => openNpz(corrupt).load('poses')).message).toMatch(/corrupt \(checksum mismatch\)/);
  });
});
