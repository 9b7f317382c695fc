import { describe, expect, it } from 'vitest';
import { cosineWithWarmup } from './schedule';
import { Graph } from './graph';
import { ParamStore } from './params';

describe('cosineWithWarmup', () => {
  const lr = cosineWithWarmup({ peakLr: 1, warmupSteps: 4, totalSteps: 14, minLr: 0.1 });
  it('warms up linearly to the peak', () => {
    expect([0, 1, 2, 3].map(lr)).toEqual([0.25, 0.5, 0.75, 1]);
  });
  it('decays along a half cosine to minLr and stays there', () => {
    expect(lr(4)).toBeCloseTo(1, 12);
    expect(lr(9)).toBeCloseTo(0.55, 12); // halfway: min + (peak − min)/2
    expect(lr(14)).toBe(0.1);
    expect(lr(1000)).toBe(0.1);
    for (let s = 4; s < 14; s++) expect(lr(s + 1)).toBeLessThan(lr(s));
  });
  it('rejects inconsistent options', () => {
    expect(() => cosineWithWarmup({ peakLr: 1, warmupSteps: 10, totalSteps: 5 })).toThrow();
    expect(() => cosineWithWarmup({ peakLr: 0.1, warmupSteps: 0, totalSteps: 5, minLr: 1 })).toThrow();
  });
  it('without warm-up starts at the peak', () => {
    expect(cosineWithWarmup({ peakLr: 2, warmupSteps: 0, totalSteps: 10 })(0)).toBe(2);
  });
});

describe('ParamStore', () => {
  const model = (): Graph => {
    const g = new Graph();
    g.param('w', [3, 4], { init: { normal: 0.5 } });
    g.param('u', [5], { init: { uniform: 0.1 } });
    g.param('one', [2], { init: 'ones' });
    return g;
  };
  it('initialises deterministically per seed and name', () => {
    const a = ParamStore.init(model(), 1);
    const b = ParamStore.init(model(), 1);
    const c = ParamStore.init(model(), 2);
    expect(Array.from(a.get('w').data)).toEqual(Array.from(b.get('w').data));
    expect(Array.from(a.get('w').data)).not.toEqual(Array.from(c.get('w').data));
    expect(Array.from(a.get('one').data)).toEqual([1, 1]);
    for (const v of a.get('u').data) expect(Math.abs(v)).toBeLessThanOrEqual(0.1);
    expect(a.size()).toBe(12 + 5 + 2);
  });
  it('keeps existing values and checks shapes when another graph shares the store', () => {
    const s = ParamStore.init(model(), 1);
    const before = s.get('w').data;
    s.ensure(model(), 99);
    expect(s.get('w').data).toBe(before);
    const other = new Graph();
    other.param('w', [4, 3]);
    expect(() => s.ensure(other)).toThrow(/shape/);
  });
});
