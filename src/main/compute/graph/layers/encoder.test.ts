import { afterAll, describe, expect, it } from 'vitest';
import { f32, i64, releaseAll } from '../../runtime';
import { checkGradients } from '../gradcheck';
import { Graph } from '../graph';
import '../index';
import { ParamStore } from '../params';
import { maskedMean, Rng, Scope, TransformerEncoder } from './index';
import { maxAbsDiff, runOutputs } from './test-util';

afterAll(() => releaseAll());

const cfg = { vocab: 40, dim: 16, heads: 2, layers: 2, maxLen: 12 };

function encoderGraph(batch: number) {
  const g = new Graph();
  const ids = g.input('ids', [batch, 'T'], 'int64');
  const mask = g.input('mask', [batch, 'T']);
  const out = new TransformerEncoder(cfg).apply(new Scope(g).child('text'), ids, mask);
  return { g, out };
}

const feeds = (rows: number[][], T: number) => {
  const ids = new BigInt64Array(rows.length * T);
  const mask = new Float32Array(rows.length * T);
  rows.forEach((r, b) => r.forEach((id, t) => ((ids[b * T + t] = BigInt(id)), (mask[b * T + t] = 1))));
  return { ids: i64(ids, [rows.length, T]), mask: f32(mask, [rows.length, T]) };
};

describe('TransformerEncoder', () => {
  it('gives a sentence the same pooled vector alone and padded inside a batch', async () => {
    const one = encoderGraph(1);
    const two = encoderGraph(2);
    const store = ParamStore.init(two.g, 5);
    const sentence = [3, 9, 14, 2];
    const alone = (await runOutputs({ p: one.out.pooled }, feeds([sentence], 4), store)).p!.data as Float32Array;
    const batch = (await runOutputs({ p: two.out.pooled }, feeds([sentence, [7, 1, 30, 22, 5, 8, 11]], 7), store)).p!.data as Float32Array;
    expect(maxAbsDiff(alone, batch.subarray(0, 16))).toBeLessThan(1e-5);
    expect(maxAbsDiff(batch.subarray(0, 16), batch.subarray(16, 32))).toBeGreaterThan(1e-3);
  });

  it('is bidirectional: changing the last token changes the first position', async () => {
    const { g, out } = encoderGraph(1);
    const store = ParamStore.init(g, 6);
    const a = (await runOutputs({ h: out.hidden }, feeds([[3, 9, 14, 2]], 4), store)).h!.data as Float32Array;
    const b = (await runOutputs({ h: out.hidden }, feeds([[3, 9, 14, 25]], 4), store)).h!.data as Float32Array;
    expect(maxAbsDiff(a.subarray(0, 16), b.subarray(0, 16))).toBeGreaterThan(1e-4);
  });

  it('reads word order (a bag of words could not tell these apart)', async () => {
    const { g, out } = encoderGraph(2);
    const store = ParamStore.init(g, 7);
    const p = (await runOutputs({ p: out.pooled }, feeds([[3, 9, 14], [14, 9, 3]], 3), store)).p!.data as Float32Array;
    expect(maxAbsDiff(p.subarray(0, 16), p.subarray(16, 32))).toBeGreaterThan(1e-4);
  });
});

describe('maskedMean', () => {
  it('averages only the unmasked positions', async () => {
    const g = new Graph();
    const x = g.input('x', [2, 3, 2]);
    const m = g.input('m', [2, 3]);
    const y = maskedMean(x, m);
    const store = new ParamStore('float32');
    const r = await runOutputs({ y }, { x: f32([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10], [2, 3, 2]), m: f32([1, 1, 0, 1, 1, 1], [2, 3]) }, store);
    expect(Array.from(r.y!.data as Float32Array)).toEqual([2, 3, 7, 8]);
  });

  it('has the gradient finite differences give', async () => {
    const rng = new Rng(2);
    const r = await checkGradients((_g, xs) => maskedMean(xs.x!, xs.m!), {
      x: { dims: [2, 4, 3], data: Array.from({ length: 24 }, () => rng.normal()) },
      m: { dims: [2, 4], data: [1, 1, 0, 0, 1, 1, 1, 0], constant: true },
    });
    expect(r.ok, r.details.join('\n')).toBe(true);
  });
});

