import { describe, expect, it } from 'vitest';
import { emaSmooth, linePath, valueRange } from './smoothing';

const pts = (vals: (number | null)[]) => vals.map((value, i) => ({ step: i + 1, value }));

describe('emaSmooth', () => {
  it('is the identity at weight 0', () => {
    expect(emaSmooth(pts([3, 1, 4]), 0).map((p) => p.value)).toEqual([3, 1, 4]);
  });

  it('is bias-corrected: the first point is itself and a constant series stays constant', () => {
    const s = emaSmooth(pts([5, 5, 5, 5]), 0.9);
    for (const p of s) expect(p.value).toBeCloseTo(5, 12);
  });

  it('matches the hand-computed debiased average', () => {
    // w = 0.5: acc1 = 0.5·2 = 1 → 1/(1−0.5) = 2; acc2 = 0.5·1 + 0.5·4 = 2.5 → 2.5/(1−0.25) = 10/3.
    const s = emaSmooth(pts([2, 4]), 0.5);
    expect(s[0]!.value).toBeCloseTo(2, 12);
    expect(s[1]!.value).toBeCloseTo(10 / 3, 12);
  });

  it('keeps gaps as gaps and does not let them reset the average', () => {
    const s = emaSmooth(pts([2, null, 4]), 0.5);
    expect(s[1]!.value).toBeNull();
    expect(s[2]!.value).toBeCloseTo(10 / 3, 12);
    expect(emaSmooth(pts([Number.NaN]), 0.5)[0]!.value).toBeNull();
  });

  it('reduces the variance of a noisy series', () => {
    const noisy = pts(Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : -1)));
    const sm = emaSmooth(noisy, 0.9).slice(50).map((p) => p.value!);
    expect(Math.max(...sm.map(Math.abs))).toBeLessThan(0.2);
  });
});

describe('valueRange and linePath', () => {
  it('spans the finite values and pads a flat series', () => {
    expect(valueRange([pts([1, null, 3]), pts([2])])).toEqual([1, 3]);
    expect(valueRange([pts([2, 2])])).toEqual([1.8, 2.2]);
    expect(valueRange([pts([0])])).toEqual([-1, 1]);
    expect(valueRange([pts([null])])).toBeNull();
  });

  it('starts a new sub-path after a gap', () => {
    const d = linePath(pts([1, 2, null, 3]), (s) => s * 10, (v) => v);
    expect(d).toBe('M10.0 1.0L20.0 2.0M40.0 3.0');
  });
});
