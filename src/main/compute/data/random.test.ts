import { describe, expect, it } from 'vitest';
import { Rng, hash32 } from './random';

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('forks streams by name independently of how far the parent has advanced', () => {
    const a = new Rng(1);
    const early = a.fork('shard-3').next();
    for (let i = 0; i < 100; i++) a.next();
    expect(a.fork('shard-3').next()).toBe(early);
    expect(a.fork('shard-4').next()).not.toBe(early);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const r = new Rng(3);
    let s = 0;
    let s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });

  it('picks by weight and shuffles to a permutation', () => {
    const r = new Rng(5);
    let heavy = 0;
    for (let i = 0; i < 4000; i++) if (r.weighted(['a', 'b'], [3, 1]) === 'a') heavy++;
    expect(heavy / 4000).toBeGreaterThan(0.7);
    expect(heavy / 4000).toBeLessThan(0.8);
    const items = [1, 2, 3, 4, 5, 6];
    expect([...r.shuffle(items.slice())].sort()).toEqual(items);
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('hashes strings stably', () => {
    expect(hash32('pose')).toBe(hash32('pose'));
    expect(hash32('pose')).not.toBe(hash32('posf'));
  });
});
