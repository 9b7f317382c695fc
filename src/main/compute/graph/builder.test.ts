import { describe, expect, it } from 'vitest';
import { f32, f64, i64, loadSession } from '../runtime';
import { GradientError, grad } from './autodiff';
import { Graph } from './graph';
import * as O from './ops';
import { emitModel } from './serialize';
import { ShapeError } from './shape';
import './gradients/rules';

async function run(g: Graph, outputs: Record<string, O.TensorLike & object>, feeds: Parameters<Awaited<ReturnType<typeof loadSession>>['run']>[0]) {
  const s = await loadSession(emitModel(g, outputs as never).bytes);
  try {
    // Gradients often do not depend on some inputs (e.g. the bias); feed only what the graph declares.
    return await s.run(Object.fromEntries(Object.entries(feeds).filter(([k]) => s.inputNames.includes(k))));
  } finally {
    await s.release();
  }
}

describe('graph builder: shapes', () => {
  it('infers broadcast, matmul, reduction and reshape shapes, including symbolic dims', () => {
    const g = new Graph();
    const x = g.input('x', ['B', 'T', 8]);
    const w = g.param('w', [8, 4]);
    const y = O.matmul(x, w);
    expect(y.shape).toEqual(['B', 'T', 4]);
    expect(O.add(y, g.param('b', [4])).shape).toEqual(['B', 'T', 4]);
    expect(O.reduceMean(y, [1], true).shape).toEqual(['B', 1, 4]);
    const flat = O.reshape(y, [-1, 4]);
    expect(flat.shape).toEqual(['B*T', 4]);
    expect(O.reshape(flat, ['B', 'T', 2, 2]).shape).toEqual(['B', 'T', 2, 2]);
    expect(O.transpose(y, [2, 0, 1]).shape).toEqual([4, 'B', 'T']);
    expect(O.gather(g.param('emb', [10, 8]), g.input('ids', ['B', 'T'], 'int64')).shape).toEqual(['B', 'T', 8]);
    expect(O.slice(x, [1], [Infinity], [1]).shape).toEqual(['B', 'T-1', 8]);
    expect(O.concat([y, y], -1).shape).toEqual(['B', 'T', 8]);
  });

  it('rejects shapes it cannot prove compatible', () => {
    const g = new Graph();
    const a = g.input('a', ['B', 3]);
    const b = g.input('b', ['N', 3]);
    expect(() => O.add(a, b)).toThrow(ShapeError);
    expect(() => O.matmul(a, g.param('w', [4, 2]))).toThrow(ShapeError);
    expect(() => O.reshape(g.input('c', [2, 3]), [4, 2])).toThrow(ShapeError);
    expect(() => g.input('a', [1])).toThrow(/already declared/);
    expect(() => O.exp(g.input('i', [2], 'int64'))).toThrow(/float/);
  });

  it('runs one compiled graph at several batch sizes through symbolic reshapes', async () => {
    const g = new Graph();
    const x = g.input('x', ['B', 'T', 2]);
    const flat = O.reshape(x, [-1, 2]);
    const back = O.reshape(O.mul(flat, 2), ['B', 'T', 2]);
    const mask = O.cast(O.causalMask(g, 'T'), 'float32');
    const s = await loadSession(emitModel(g, { back, mask }).bytes);
    for (const [B, T] of [
      [2, 3],
      [1, 5],
    ] as const) {
      const data = Array.from({ length: B * T * 2 }, (_, i) => i);
      const out = await s.run({ x: f32(data, [B, T, 2]) });
      expect(out.back!.dims).toEqual([B, T, 2]);
      expect(Array.from(out.back!.data as Float32Array)).toEqual(data.map((v) => v * 2));
      expect(out.mask!.dims).toEqual([T, T]);
      const m = out.mask!.data as Float32Array;
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) expect(m[i * T + j]).toBe(j <= i ? 1 : 0);
    }
    await s.release();
  });

  it('emits only what the outputs need', () => {
    const g = new Graph();
    const x = g.input('x', [2]);
    const unused = g.input('unused', [2]);
    const p = g.param('p', [2]);
    O.exp(unused);
    const y = O.mul(x, 3);
    const m = emitModel(g, { y });
    expect(m.inputs.map((t) => t.name)).toEqual(['x']);
    expect(m.nodeCount).toBe(1);
    expect(() => emitModel(g, { x: y })).toThrow(/input name/);
    const kept = emitModel(g, { y }, { keepInputs: [p] });
    expect(kept.inputs.map((t) => t.name)).toEqual(['x', 'p']);
  });
});

describe('autodiff', () => {
  it('refuses gradients of integer tensors and through ops without rules', () => {
    const g = new Graph();
    const ids = g.input('ids', [3], 'int64');
    const x = g.input('x', [3]);
    expect(() => grad(O.reduceSum(x), [ids])).toThrow(GradientError);
    const floor = g.op1('Floor', [x], { dtype: 'float32', shape: [3] });
    expect(() => grad(O.reduceSum(floor), [x])).toThrow(/no gradient registered for op Floor/);
  });

  it('gives zeros for parameters the loss does not use, and ignores integer paths', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', [3]);
    const other = g.param('other', [2]);
    const ids = O.cast(O.greater(x, 0), 'int64'); // non-differentiable branch
    const picked = O.gather(g.constant([10, 20], [2]), ids);
    const loss = O.reduceSum(O.add(O.mul(x, x), picked));
    const [dx, dOther] = grad(loss, [x, other]);
    const out = await run(g, { dx: dx!, dOther: dOther! }, { x: f64([1, -2, 3], [3]) });
    expect(Array.from(out.dx!.data as Float64Array)).toEqual([2, -4, 6]);
    expect(Array.from(out.dOther!.data as Float64Array)).toEqual([0, 0]);
  });

  it('differentiates through symbolic batch dims (mean over B, bias broadcast over B)', async () => {
    const g = new Graph({ dtype: 'float64' });
    const x = g.input('x', ['B', 2]);
    const b = g.param('b', [2]);
    const loss = O.reduceMean(O.square(O.add(x, b)));
    const [db] = grad(loss, [b]);
    const s = await loadSession(emitModel(g, { db: db! }).bytes);
    for (const B of [1, 3]) {
      const xs = Array.from({ length: B * 2 }, (_, i) => i * 0.5 - 1);
      const bs = [0.25, -0.75];
      const out = await s.run({ x: f64(xs, [B, 2]), b: f64(bs, [2]) });
      const expected = [0, 1].map((c) => {
        let sum = 0;
        for (let r = 0; r < B; r++) sum += (2 * (xs[r * 2 + c]! + bs[c]!)) / (B * 2);
        return sum;
      });
      const got = Array.from(out.db!.data as Float64Array);
      got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
    }
    await s.release();
  });

  it('embedding gradient scatter-adds repeated ids', async () => {
    const g = new Graph({ dtype: 'float64' });
    const ids = g.input('ids', ['N'], 'int64');
    const emb = g.param('emb', [4, 2]);
    const [dE] = grad(O.reduceSum(O.gather(emb, ids)), [emb]);
    const out = await run(g, { dE: dE! }, { ids: i64([1, 1, 3, 1], [4]), emb: f64(new Float64Array(8), [4, 2]) });
    expect(Array.from(out.dE!.data as Float64Array)).toEqual([0, 0, 3, 3, 0, 0, 1, 1]);
  });

  it('float32 GELU-MLP gradients (where ORT may fuse the forward) agree with float64', async () => {
    const results: Float64Array[] = [];
    const xs = Array.from({ length: 12 }, (_, i) => Math.sin(i * 0.9) * 3);
    const ws = Array.from({ length: 32 }, (_, i) => Math.cos(i * 1.3) * 0.5);
    for (const dtype of ['float32', 'float64'] as const) {
      const g = new Graph({ dtype });
      const x = g.input('x', [3, 4]);
      const w = g.param('w', [4, 8]);
      const h = O.gelu(O.matmul(x, w));
      const loss = O.reduceSum(O.mul(h, h));
      const [dx, dw] = grad(loss, [x, w]);
      const mk = dtype === 'float32' ? f32 : f64;
      const out = await run(g, { loss, dx: dx!, dw: dw! }, { x: mk(xs, [3, 4]), w: mk(ws, [4, 8]) });
      results.push(Float64Array.from([...out.loss!.data, ...out.dx!.data, ...out.dw!.data] as number[]));
    }
    const [a, b] = results as [Float64Array, Float64Array];
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(b[i]!)));
  });

  it('float32 LayerNorm gradient (fused kernel statistics) agrees with the float64 path (recomputed statistics)', async () => {
    const results: Float64Array[] = [];
    const xs = Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 2);
    const sc = [0.5, 1.5, -1, 2];
    const bs = [0.1, 0.2, 0.3, 0.4];
    const ws = Array.from({ length: 24 }, (_, i) => Math.cos(i));
    for (const dtype of ['float32', 'float64'] as const) {
      const g = new Graph({ dtype });
      const x = g.input('x', [2, 3, 4]);
      const s = g.param('s', [4]);
      const b = g.param('b', [4]);
      const loss = O.reduceSum(O.mul(O.layerNorm(x, s, b), g.constant(ws, [2, 3, 4])));
      const [dx, ds, db] = grad(loss, [x, s, b]);
      const mk = dtype === 'float32' ? f32 : f64;
      const out = await run(g, { dx: dx!, ds: ds!, db: db! }, { x: mk(xs, [2, 3, 4]), s: mk(sc, [4]), b: mk(bs, [4]) });
      results.push(Float64Array.from([...out.dx!.data, ...out.ds!.data, ...out.db!.data] as number[]));
    }
    const [a, b] = results as [Float64Array, Float64Array];
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(b[i]!)));
  });
});
