import { afterAll, describe, expect, it } from 'vitest';
import { f32, releaseAll } from '../../runtime';
import { Graph, add, gelu, grad, mul, reduceSum } from '../index';
import { ParamStore } from '../params';
import { fastGelu, Rng } from './index';
import { maxAbsDiff, runOutputs } from './test-util';

afterAll(() => releaseAll());

describe('fastGelu', () => {
  it('matches the primitive tanh-GELU in value and gradient (x and bias)', async () => {
    const build = (fused: boolean) => {
      const g = new Graph();
      const x = g.input('x', [3, 5, 8]);
      const b = g.input('b', [8]);
      const w = g.input('w', [3, 5, 8]);
      const y = fused ? fastGelu(x, b) : gelu(add(x, b));
      const loss = reduceSum(mul(y, w));
      const [dx, db] = grad(loss, [x, b]);
      return { g, y, dx: dx!, db: db! };
    };
    const fused = build(true);
    const plain = build(false);
    expect(fused.g.nodes.some((n) => n.op === 'FastGelu')).toBe(true);
    const rng = new Rng(17);
    const r = (n: number, scale: number): Float32Array => Float32Array.from({ length: n }, () => scale * rng.normal());
    const feeds = { x: f32(r(120, 3), [3, 5, 8]), b: f32(r(8, 1), [8]), w: f32(r(120, 1), [3, 5, 8]) };
    const store = new ParamStore();
    const a = await runOutputs({ y: fused.y, dx: fused.dx, db: fused.db }, feeds, store);
    const p = await runOutputs({ y: plain.y, dx: plain.dx, db: plain.db }, feeds, store);
    expect(maxAbsDiff(a.y!.data as Float32Array, p.y!.data as Float32Array)).toBeLessThan(2e-6);
    expect(maxAbsDiff(a.dx!.data as Float32Array, p.dx!.data as Float32Array)).toBeLessThan(1e-5);
    expect(maxAbsDiff(a.db!.data as Float32Array, p.db!.data as Float32Array)).toBeLessThan(1e-4);
    expect(a.db!.dims).toEqual([8]);
  });

  it('falls back to primitive ops in float64 graphs', () => {
    const g = new Graph({ dtype: 'float64' });
    const y = fastGelu(g.input('x', [2]));
    expect(y.dtype).toBe('float64');
    expect(g.nodes.some((n) => n.op === 'FastGelu')).toBe(false);
  });
});
