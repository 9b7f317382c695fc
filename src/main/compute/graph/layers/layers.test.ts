import { afterAll, describe, expect, it } from 'vitest';
import { f32, i64, releaseAll } from '../../runtime';
import { Graph } from '../graph';
import { ParamStore } from '../params';
import { Embedding, LayerNorm, LearnedPositions, Linear, MLP, positionRange, Rng, RotaryPositions, rngFor, Scope } from './index';
import { maxAbsDiff, runOutputs } from './test-util';

afterAll(() => releaseAll());

function randn(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

describe('Rng', () => {
  it('is deterministic per seed and roughly standard normal', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 20000 }, () => a.normal());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.normal()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
    expect(new Rng(1).next()).not.toBe(new Rng(2).next());
    expect(rngFor(7, 'a').nextU32()).toBe(rngFor(7, 'a').nextU32());
    expect(rngFor(7, 'a').nextU32()).not.toBe(rngFor(7, 'b').nextU32());
  });
});

describe('Scope', () => {
  it('prefixes names and reuses a parameter asked for twice', () => {
    const g = new Graph();
    const s = new Scope(g).child('enc').child(0);
    const w = s.param('w', [2, 3], 'zeros');
    expect(w.name).toBe('enc.0.w');
    expect(s.param('w', [2, 3], 'ones')).toBe(w);
    expect(() => s.param('w', [3, 2], 'zeros')).toThrow(/already declared/);
  });
});

describe('Linear, Embedding, LayerNorm, MLP', () => {
  it('Linear computes x·W + b on 3-D input and seeds init from (seed, name)', async () => {
    const g = new Graph();
    const x = g.input('x', ['batch', 2, 3]);
    const y = new Linear(3, 4).apply(new Scope(g).child('fc'), x);
    expect(y.shape).toEqual(['batch', 2, 4]);
    const store = ParamStore.init(g, 5);
    expect(ParamStore.init(g, 5).get('fc.weight').data).toEqual(store.get('fc.weight').data);
    expect(ParamStore.init(g, 6).get('fc.weight').data).not.toEqual(store.get('fc.weight').data);
    const W = store.get('fc.weight').data;
    for (const v of W) expect(Math.abs(v)).toBeLessThanOrEqual(1 / Math.sqrt(3));
    store.set('fc.bias', new Float32Array([1, 2, 3, 4]));
    const xs = randn(new Rng(1), 5 * 2 * 3);
    const out = await runOutputs({ y }, { x: f32(xs, [5, 2, 3]) }, store);
    expect(out.y!.dims).toEqual([5, 2, 4]);
    const want = new Float32Array(5 * 2 * 4);
    for (let r = 0; r < 10; r++) for (let o = 0; o < 4; o++) {
      let acc = o + 1;
      for (let i = 0; i < 3; i++) acc += xs[r * 3 + i]! * W[i * 4 + o]!;
      want[r * 4 + o] = acc;
    }
    expect(maxAbsDiff(out.y!.data as Float32Array, want)).toBeLessThan(1e-5);
    expect(() => new Linear(5, 2).apply(new Scope(g).child('bad'), x)).toThrow(/expects last dim 5/);
  });

  it('Embedding looks up rows; LearnedPositions adds rows by position', async () => {
    const g = new Graph();
    const ids = g.input('ids', [2, 3], 'int64');
    const s = new Scope(g);
    const e = new Embedding(5, 2).apply(s.child('tok'), ids);
    const p = new LearnedPositions(8, 2).apply(s.child('pos'), e, positionRange(g, null, 3));
    const store = ParamStore.init(g, 1);
    const table = Float32Array.from({ length: 10 }, (_, i) => i);
    const pos = Float32Array.from({ length: 16 }, (_, i) => 100 * i);
    store.set('tok.weight', table);
    store.set('pos.weight', pos);
    const out = await runOutputs({ e, p }, { ids: i64([4, 0, 2, 1, 1, 3], [2, 3]) }, store);
    expect(out.e!.dims).toEqual([2, 3, 2]);
    expect(Array.from(out.e!.data as Float32Array)).toEqual([8, 9, 0, 1, 4, 5, 2, 3, 2, 3, 6, 7]);
    expect(Array.from(out.p!.data as Float32Array)).toEqual([8, 109, 200, 301, 404, 505, 2, 103, 202, 303, 406, 507]);
  });

  it('LayerNorm normalises the last axis then scales and shifts', async () => {
    const g = new Graph();
    const x = g.input('x', [4, 6]);
    const y = new LayerNorm(6).apply(new Scope(g).child('ln'), x);
    const store = ParamStore.init(g);
    expect(Array.from(store.get('ln.weight').data)).toEqual([1, 1, 1, 1, 1, 1]);
    store.set('ln.weight', new Float32Array([1, 2, 1, 2, 1, 2]));
    store.set('ln.bias', new Float32Array([0, 0, 0, 1, 1, 1]));
    const xs = randn(new Rng(3), 24);
    const out = (await runOutputs({ y }, { x: f32(xs, [4, 6]) }, store)).y!.data as Float32Array;
    for (let r = 0; r < 4; r++) {
      const row = Array.from(xs.subarray(r * 6, r * 6 + 6));
      const m = row.reduce((a, b) => a + b, 0) / 6;
      const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / 6;
      row.forEach((xv, i) => {
        const want = ((xv - m) / Math.sqrt(v + 1e-5)) * [1, 2, 1, 2, 1, 2][i]! + [0, 0, 0, 1, 1, 1][i]!;
        expect(out[r * 6 + i]!).toBeCloseTo(want, 4);
      });
    }
  });

  it('MLP stacks Linear layers with GELU between, none after the last', async () => {
    const g = new Graph();
    const x = g.input('x', [3, 4]);
    const mlp = new MLP([4, 5, 2]);
    const y = mlp.apply(new Scope(g).child('mlp'), x);
    expect(y.shape).toEqual([3, 2]);
    const store = ParamStore.init(g, 9);
    expect(store.names().sort()).toEqual(['mlp.0.bias', 'mlp.0.weight', 'mlp.1.bias', 'mlp.1.weight']);
    const xs = randn(new Rng(4), 12);
    const out = (await runOutputs({ y }, { x: f32(xs, [3, 4]) }, store)).y!.data as Float32Array;
    const W0 = store.get('mlp.0.weight').data;
    const W1 = store.get('mlp.1.weight').data;
    const gelu = (v: number): number => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    for (let r = 0; r < 3; r++) {
      const h = Array.from({ length: 5 }, (_, j) => gelu([0, 1, 2, 3].reduce((a, i) => a + xs[r * 4 + i]! * W0[i * 5 + j]!, 0)));
      for (let o = 0; o < 2; o++) {
        expect(out[r * 2 + o]!).toBeCloseTo(h.reduce((a, hv, j) => a + hv * W1[j * 2 + o]!, 0), 5);
      }
    }
  });
});

describe('RotaryPositions', () => {
  it('keeps norms and makes q·k depend only on the position difference', async () => {
    const g = new Graph();
    const q = g.input('q', [1, 1, 4, 8]);
    const pos = g.input('pos', [4], 'int64');
    const rot = new RotaryPositions(8, 32);
    const y = rot.apply(q, pos);
    const store = new ParamStore();
    const base = randn(new Rng(5), 8);
    const qs = new Float32Array(32);
    for (let t = 0; t < 4; t++) qs.set(base, t * 8); // same vector at 4 positions
    const out = (await runOutputs({ y }, { q: f32(qs, [1, 1, 4, 8]), pos: i64([3, 5, 10, 12], [4]) }, store)).y!
      .data as Float32Array;
    const row = (t: number): Float32Array => out.subarray(t * 8, t * 8 + 8);
    const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(row(0), row(0))).toBeCloseTo(dot(base, base), 4);
    // positions 3→5 and 10→12 are both 2 apart.
    expect(dot(row(0), row(1))).toBeCloseTo(dot(row(2), row(3)), 4);
    expect(Math.abs(dot(row(0), row(1)) - dot(row(0), row(2)))).toBeGreaterThan(1e-3);
    expect(() => new RotaryPositions(7, 4)).toThrow(/even/);
  });
});
