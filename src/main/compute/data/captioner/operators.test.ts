import { describe, expect, it } from 'vitest';
import { binValue, categoryInterval, OPERATORS } from './operators';

describe('binning', () => {
  it('puts a value equal to a threshold in the lower category', () => {
    const th = OPERATORS.angle.thresholds; // 45, 75, 105, 135, 160
    expect(binValue(45, th)).toBe(0);
    expect(binValue(45.000001, th)).toBe(1);
    expect(binValue(160, th)).toBe(4);
    expect(binValue(160.01, th)).toBe(5);
    expect(binValue(-1e9, th)).toBe(0);
    expect(binValue(0.2, OPERATORS.distance.thresholds)).toBe(0);
    expect(binValue(-0.05, OPERATORS.y.thresholds)).toBe(1);
  });

  it('categories cover the line with (lo, hi] intervals matching binValue', () => {
    for (const op of Object.values(OPERATORS)) {
      expect(op.categories.length).toBe(op.thresholds.length + 1);
      for (let k = 0; k < op.categories.length; k++) {
        const [lo, hi] = categoryInterval(k, op.thresholds);
        if (Number.isFinite(hi)) expect(binValue(hi, op.thresholds)).toBe(k);
        if (Number.isFinite(lo)) expect(binValue(lo, op.thresholds)).toBe(k - 1);
      }
      for (let k = 1; k < op.thresholds.length; k++) expect(op.thresholds[k]).toBeGreaterThan(op.thresholds[k - 1]);
    }
  });

  it('uses the reference thresholds and noise', () => {
    expect(OPERATORS.angle).toMatchObject({ thresholds: [45, 75, 105, 135, 160], noise: 5 });
    expect(OPERATORS.distance).toMatchObject({ thresholds: [0.2, 0.4, 0.8], noise: 0.05 });
    expect(OPERATORS.x).toMatchObject({ thresholds: [-0.15, -0.05, 0.05, 0.15], noise: 0.05 });
    expect(OPERATORS.vaxis).toMatchObject({ thresholds: [10, 80], noise: 5 });
    expect(OPERATORS.ground).toMatchObject({ thresholds: [0.1], noise: 0.05 });
    expect(OPERATORS.lean.thresholds).toEqual([-30, -15, 15, 30]);
  });

  it('sideways operators have symmetric thresholds (mirroring maps category k to n−1−k)', () => {
    for (const op of Object.values(OPERATORS)) {
      if (op.mirrorSign === 1 && op.name !== 'y' && op.name !== 'z') continue;
      const t = op.thresholds;
      for (let k = 0; k < t.length; k++) expect(t[k]).toBeCloseTo(-t[t.length - 1 - k], 12);
    }
  });
});
