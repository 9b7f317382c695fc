import { describe, expect, it } from 'vitest';
import { LowPassFilter, OneEuroFilter, PointSmoother, ValueSmoother, lowPassAlpha, objectScale } from './smoothing';

describe('lowPassAlpha', () => {
  it('is 1 / (1 + rate / (2π·cutoff))', () => {
    // rate 30, cutoff 30/(2π): tau·rate = 1 → ½.
    expect(lowPassAlpha(30, 30 / (2 * Math.PI))).toBeCloseTo(0.5, 12);
  });
});

describe('LowPassFilter', () => {
  it('passes the first value and blends the next ones', () => {
    const f = new LowPassFilter();
    expect(f.apply(10, 0.1)).toBe(10);
    expect(f.apply(20, 0.1)).toBeCloseTo(11, 12);
    expect(f.lastRaw).toBe(20);
  });
});

describe('OneEuroFilter', () => {
  it('takes the rate from the timestamps and the cutoff from the smoothed speed (hand-worked two steps)', () => {
    const p = { minCutoff: 1, beta: 0.5, derivativeCutoff: 1 };
    const f = new OneEuroFilter(p);
    expect(f.apply(0, 0)).toBe(0);
    // The first sample fed speed 0 to the speed filter. Second sample 0.1 s later: rate 10 Hz, speed (1 − 0)·10 = 10,
    // smoothed with alpha_d = 1/(1 + 10/2π) → 10·alpha_d; cutoff 1 + 0.5·10·alpha_d; x: alpha·1 + (1 − alpha)·0.
    const alphaD = 1 / (1 + 10 / (2 * Math.PI));
    const alpha = 1 / (1 + 10 / (2 * Math.PI * (1 + 0.5 * 10 * alphaD)));
    expect(f.apply(0.1, 1)).toBeCloseTo(alpha, 12);
  });

  it('passes a stale timestamp through unchanged', () => {
    const f = new OneEuroFilter({ minCutoff: 0.01, beta: 0, derivativeCutoff: 1 });
    f.apply(1, 0);
    expect(f.apply(1, 5)).toBe(5);
  });

  it('smooths a still, noisy signal hard and follows a fast move closely (β at work)', () => {
    const slow = new OneEuroFilter({ minCutoff: 0.05, beta: 80, derivativeCutoff: 1 });
    let last = 0;
    for (let i = 0; i < 30; i++) last = slow.apply(i / 30, i % 2 ? 0.001 : -0.001, 1 / 200);
    expect(Math.abs(last)).toBeLessThan(0.001);
    const fast = new OneEuroFilter({ minCutoff: 0.05, beta: 80, derivativeCutoff: 1 });
    for (let i = 0; i < 30; i++) last = fast.apply(i / 30, 10 * i, 1 / 200);
    // Moving 10 px a frame: the estimate lags by little more than a couple of frames' travel.
    expect(290 - last).toBeLessThan(40);
  });
});

describe('objectScale and PointSmoother', () => {
  it('object scale is the mean of the bounding box sides', () => {
    expect(objectScale([0, 0, 0, 40, 20, 5])).toBe(30);
  });

  it('passes degenerate sets through, filters the rest per coordinate', () => {
    const s = new PointSmoother({ minCutoff: 0.05, beta: 0, derivativeCutoff: 1 }, true);
    expect(Array.from(s.apply(0, Float32Array.of(1, 1, 0)))).toEqual([1, 1, 0]);
    const two = new PointSmoother({ minCutoff: 0.05, beta: 0, derivativeCutoff: 1 }, true);
    two.apply(0, Float32Array.of(0, 0, 0, 100, 100, 0));
    const out = two.apply(1 / 30, Float32Array.of(10, 0, 0, 110, 100, 0));
    const alpha = lowPassAlpha(30, 0.05);
    expect(out[0]).toBeCloseTo(alpha * 10, 5);
    expect(out[3]).toBeCloseTo(100 + alpha * 10, 4);
  });

  it('ValueSmoother low-passes each value', () => {
    const v = new ValueSmoother(0.1);
    v.apply(Float32Array.of(1, 0));
    const out = v.apply(Float32Array.of(0, 1));
    expect(out[0]).toBeCloseTo(0.9, 6);
    expect(out[1]).toBeCloseTo(0.1, 6);
  });
});
