import { describe, expect, it } from 'vitest';
import { DEFAULT_ADVANTAGE_EPS, DEFAULT_MIN_STD, continuousAdvantages, discreteAdvantages, hygrpoAdvantages } from './advantages';

const EPS = DEFAULT_ADVANTAGE_EPS;

function expectClose(got: ArrayLike<number>, want: number[], tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `index ${i}: ${got[i]} vs ${want[i]}`).toBeLessThan(tol);
}

describe('discrete advantages F (all G candidates)', () => {
  it('normalises a 0/1 group by its unbiased std', () => {
    // mean 0.5; unbiased variance 4·0.25/3 = 1/3.
    const std = Math.sqrt(1 / 3);
    const { advantages, groups } = discreteAdvantages([1, 0, 0, 1], 4);
    expectClose(advantages, [0.5, -0.5, -0.5, 0.5].map((d) => d / (std + EPS)));
    expect(groups[0]).toMatchObject({ count: 4, mean: 0.5, guarded: false });
    expect(groups[0]!.std).toBeCloseTo(std, 14);
  });

  it('hand-computed uneven group: [3, 1, 2] → mean 2, std 1', () => {
    const { advantages } = discreteAdvantages([3, 1, 2], 3);
    expectClose(advantages, [1 / (1 + EPS), -1 / (1 + EPS), 0]);
  });

  it('an all-equal group gets zeros (guarded), not NaN', () => {
    const { advantages, groups } = discreteAdvantages([0.7, 0.7, 0.7, 0.7], 4);
    expectClose(advantages, [0, 0, 0, 0]);
    expect(groups[0]).toMatchObject({ count: 4, std: 0, guarded: true });
  });

  it('batched over groups: each group normalised on its own', () => {
    const r = [1, 0, 0, 1, 0.7, 0.7, 0.7, 0.7, 3, 1, 2, 2];
    const { advantages, groups } = discreteAdvantages(r, 4);
    expectClose(advantages.subarray(0, 4), Array.from(discreteAdvantages([1, 0, 0, 1], 4).advantages));
    expectClose(advantages.subarray(4, 8), [0, 0, 0, 0]);
    // [3, 1, 2, 2]: mean 2, unbiased variance (1 + 1)/3.
    const s = Math.sqrt(2 / 3);
    expectClose(advantages.subarray(8), [1, -1, 0, 0].map((d) => d / (s + EPS)));
    expect(groups.map((g) => g.guarded)).toEqual([false, true, false]);
  });

  it('rejects a batch that does not split into groups, bad options and non-finite rewards', () => {
    expect(() => discreteAdvantages([1, 2, 3], 2)).toThrow(/groups of 2/);
    expect(() => discreteAdvantages([1, 2], 2, { eps: -1 })).toThrow(RangeError);
    expect(() => discreteAdvantages([1, 2], 2, { eps: 0, minStd: 0 })).toThrow(/both be 0/);
    expect(() => discreteAdvantages([1, Number.NaN], 2)).toThrow(/finite/);
  });
});

describe('continuous advantages Δ (the V candidates with a valid pose slot)', () => {
  it('normalises over the valid subset only; invalid candidates get 0 and are not read', () => {
    // Valid rewards 0.2, 0.6, 0.4: mean 0.4, unbiased variance (0.04 + 0.04)/2 = 0.04.
    const { advantages, groups } = continuousAdvantages([0.2, Number.NaN, 0.6, 0.4], [1, 0, 1, 1], 4);
    expectClose(advantages, [-0.2 / (0.2 + EPS), 0, 0.2 / (0.2 + EPS), 0]);
    expect(groups[0]!.count).toBe(3);
    expect(groups[0]!.mean).toBeCloseTo(0.4, 14);
    expect(groups[0]!.std).toBeCloseTo(0.2, 14);
  });

  it('a single valid candidate gets a zero advantage (nothing to compare with)', () => {
    const { advantages, groups } = continuousAdvantages([0.9, 0.1, 0.5, 0.3], [false, false, true, false], 4);
    expectClose(advantages, [0, 0, 0, 0]);
    expect(groups[0]).toMatchObject({ count: 1, mean: 0.5, guarded: true });
    expect(Number.isNaN(groups[0]!.std)).toBe(true);
  });

  it('no valid candidate: zeros, mean NaN', () => {
    const { advantages, groups } = continuousAdvantages([0.9, 0.1], [0, 0], 2);
    expectClose(advantages, [0, 0]);
    expect(groups[0]!.count).toBe(0);
    expect(Number.isNaN(groups[0]!.mean)).toBe(true);
  });

  it('near ties below the threshold give zeros; a spread just above it does not', () => {
    const tiny = continuousAdvantages([0.5, 0.5 + 1e-5, 0.5 - 1e-5, 0.5], [1, 1, 1, 1], 4);
    expectClose(tiny.advantages, [0, 0, 0, 0]);
    expect(tiny.groups[0]!.guarded).toBe(true);
    expect(tiny.groups[0]!.std).toBeGreaterThan(0);
    // std of [0.5 ± 2e-3, 0.5, 0.5] = 2e-3·sqrt(2/3) ≈ 1.63e-3 > 1e-3.
    const d = 2e-3;
    const above = continuousAdvantages([0.5 + d, 0.5 - d, 0.5, 0.5], [1, 1, 1, 1], 4);
    const s = d * Math.sqrt(2 / 3);
    expect(s).toBeGreaterThan(DEFAULT_MIN_STD);
    expectClose(above.advantages, [d / (s + EPS), -d / (s + EPS), 0, 0], 1e-9);
    // The threshold is an option.
    expect(continuousAdvantages([0.5 + d, 0.5 - d, 0.5, 0.5], [1, 1, 1, 1], 4, { minStd: 0.01 }).groups[0]!.guarded).toBe(true);
  });

  it('rejects a validity mask of the wrong length', () => {
    expect(() => continuousAdvantages([1, 2], [1], 2)).toThrow(/validity/);
  });
});

describe('hygrpoAdvantages (both branches, batched)', () => {
  it('normalises the branches separately and flags groups without any signal', () => {
    const G = 3;
    const out = hygrpoAdvantages({
      // group 0: discrete all equal, continuous informative; group 1: both guarded; group 2: discrete only.
      discrete: [1, 1, 1, 0.5, 0.5, 0.5, 1, 0, 0],
      continuous: [0.1, 0.3, 0.2, 0.4, 0.4, 0.4, 0.7, Number.NaN, Number.NaN],
      valid: [1, 1, 1, 1, 1, 1, 1, 0, 0],
      groupSize: G,
    });
    expectClose(out.discrete.subarray(0, 6), [0, 0, 0, 0, 0, 0]);
    // [1, 0, 0]: mean 1/3, unbiased variance (4/9 + 1/9 + 1/9)/2 = 1/3.
    const s = Math.sqrt(1 / 3);
    expectClose(out.discrete.subarray(6), [2 / 3, -1 / 3, -1 / 3].map((d) => d / (s + EPS)));
    // [0.1, 0.3, 0.2]: mean 0.2, std 0.1.
    expectClose(out.continuous.subarray(0, 3), [-0.1 / (0.1 + EPS), 0.1 / (0.1 + EPS), 0], 1e-9);
    expectClose(out.continuous.subarray(3), [0, 0, 0, 0, 0, 0]);
    expect(out.informative).toEqual([true, false, true]);
  });

  it('per-branch options apply to their branch only', () => {
    const input = { discrete: [0, 1], continuous: [0, 1], valid: [1, 1], groupSize: 2 };
    const out = hygrpoAdvantages(input, { discrete: { eps: 0 }, continuous: { minStd: 10 } });
    const s = Math.SQRT1_2;
    expectClose(out.discrete, [-0.5 / s, 0.5 / s]);
    expectClose(out.continuous, [0, 0]);
  });
});
