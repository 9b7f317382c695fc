import { afterAll, describe, expect, it } from 'vitest';
import { f32, i64, releaseAll, type HostTensor } from '../../runtime';
import { Graph, type Tensor } from '../graph';
import { ParamStore } from '../params';
import { CausalSelfAttention, type KVCache, positionRange, Rng, Scope, TransformerLM, type TransformerLMConfig } from './index';
import { maxAbsDiff, runOutputs } from './test-util';

afterAll(() => releaseAll());

const randn = (rng: Rng, n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());

describe('CausalSelfAttention', () => {
  it('never lets a position see the future', async () => {
    const g = new Graph();
    const x = g.input('x', [2, 5, 8]);
    const y = new CausalSelfAttention(8, 2).apply(new Scope(g).child('attn'), x, { positions: positionRange(g, null, 5) }).y;
    expect(y.shape).toEqual([2, 5, 8]);
    const store = ParamStore.init(g, 3);
    const rng = new Rng(11);
    const xs = randn(rng, 80);
    const changed = xs.slice();
    // Perturb only position 3 and 4 of every batch row.
    for (let b = 0; b < 2; b++) for (let t = 3; t < 5; t++) for (let c = 0; c < 8; c++) changed[(b * 5 + t) * 8 + c]! += 5 * rng.normal();
    const a = (await runOutputs({ y }, { x: f32(xs, [2, 5, 8]) }, store)).y!.data as Float32Array;
    const c = (await runOutputs({ y }, { x: f32(changed, [2, 5, 8]) }, store)).y!.data as Float32Array;
    for (let b = 0; b < 2; b++) {
      const past = (arr: Float32Array): Float32Array => arr.subarray(b * 40, b * 40 + 24);
      const fut = (arr: Float32Array): Float32Array => arr.subarray(b * 40 + 24, b * 40 + 40);
      expect(maxAbsDiff(past(a), past(c))).toBe(0);
      expect(maxAbsDiff(fut(a), fut(c))).toBeGreaterThan(1e-3);
    }
  });
});

/** Builds the full-sequence graph and the one-step cached graph of the same LM; returns runners. */
function lmGraphs(cfg: TransformerLMConfig, batch: number) {
  const model = new TransformerLM(cfg);
  const full = new Graph();
  const ids = full.input('ids', [batch, 'T'], 'int64');
  const fullOut = model.apply(new Scope(full), ids);

  const step = new Graph();
  const sids = step.input('ids', [batch, 'T'], 'int64');
  const dh = cfg.dim / cfg.heads;
  const past: KVCache[] = Array.from({ length: cfg.layers }, (_, i) => ({
    k: step.input(`past_k_${i}`, [batch, cfg.heads, 'past', dh]),
    v: step.input(`past_v_${i}`, [batch, cfg.heads, 'past', dh]),
  }));
  const stepOut = model.apply(new Scope(step), sids, { past });
  const outs = (o: { logits: Tensor; present: KVCache[] }): Record<string, Tensor> => {
    const r: Record<string, Tensor> = { logits: o.logits };
    o.present.forEach((p, i) => {
      r[`present_k_${i}`] = p.k;
      r[`present_v_${i}`] = p.v;
    });
    return r;
  };
  return { full, fullOutputs: outs(fullOut), step, stepOutputs: outs(stepOut) };
}

describe('KV-cache decoding', () => {
  for (const positions of ['learned', 'rotary'] as const) {
    it(`equals the full-sequence forward within 1e-5 (${positions} positions)`, async () => {
      const cfg: TransformerLMConfig = { vocab: 11, dim: 16, heads: 2, layers: 2, maxLen: 16, positions, initStd: 0.2 };
      const B = 2;
      const T = 7;
      const { full, fullOutputs, stepOutputs } = lmGraphs(cfg, B);
      const store = ParamStore.init(full, 21);
      const rng = new Rng(8);
      const tokens = Array.from({ length: B * T }, () => rng.int(cfg.vocab));
      const fullRes = await runOutputs(fullOutputs, { ids: i64(tokens, [B, T]) }, store);
      expect(fullRes.logits!.dims).toEqual([B, T, cfg.vocab]);
      const fullLogits = fullRes.logits!.data as Float32Array;

      // Prefix of 3 tokens through the full graph, then one token at a time through the cached graph.
      const P = 3;
      const prefix = tokens.filter((_, i) => i % T < P);
      const pre = await runOutputs(fullOutputs, { ids: i64(prefix, [B, P]) }, store);
      let cache: Record<string, HostTensor> = {};
      for (let l = 0; l < cfg.layers; l++) {
        cache[`past_k_${l}`] = pre[`present_k_${l}`]!;
        cache[`past_v_${l}`] = pre[`present_v_${l}`]!;
      }
      const check = (got: Float32Array, t0: number, len: number): void => {
        const want = new Float32Array(B * len * cfg.vocab);
        for (let b = 0; b < B; b++) {
          want.set(fullLogits.subarray((b * T + t0) * cfg.vocab, (b * T + t0 + len) * cfg.vocab), b * len * cfg.vocab);
        }
        expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
      };
      check(pre.logits!.data as Float32Array, 0, P);
      for (let t = P; t < T; t++) {
        const next = [tokens[t]!, tokens[T + t]!];
        const r = await runOutputs(stepOutputs, { ids: i64(next, [B, 1]), ...cache }, store);
        expect(r.present_k_0!.dims).toEqual([B, cfg.heads, t + 1, cfg.dim / cfg.heads]);
        check(r.logits!.data as Float32Array, t, 1);
        cache = {};
        for (let l = 0; l < cfg.layers; l++) {
          cache[`past_k_${l}`] = r[`present_k_${l}`]!;
          cache[`past_v_${l}`] = r[`present_v_${l}`]!;
        }
      }
      // Two new tokens at once through the cache also match.
      const r2 = await runOutputs(stepOutputs, { ids: i64([tokens[P]!, tokens[P + 1]!, tokens[T + P]!, tokens[T + P + 1]!], [B, 2]), ...Object.fromEntries(
        Array.from({ length: cfg.layers }, (_, l) => [
          [`past_k_${l}`, pre[`present_k_${l}`]!],
          [`past_v_${l}`, pre[`present_v_${l}`]!],
        ]).flat(),
      ) }, store);
      check(r2.logits!.data as Float32Array, P, 2);
    });
  }

  it('names parameters predictably and shares them between train and cached graphs', () => {
    const { full, step } = lmGraphs({ vocab: 5, dim: 8, heads: 2, layers: 1, maxLen: 4 }, 1);
    const names = [...full.params.keys()].sort();
    expect(names).toEqual([...step.params.keys()].sort());
    expect(names).toEqual(
      [
        'blocks.0.attn.proj.bias', 'blocks.0.attn.proj.weight', 'blocks.0.attn.qkv.bias', 'blocks.0.attn.qkv.weight',
        'blocks.0.ln1.bias', 'blocks.0.ln1.weight', 'blocks.0.ln2.bias', 'blocks.0.ln2.weight',
        'blocks.0.mlp.0.bias', 'blocks.0.mlp.0.weight', 'blocks.0.mlp.1.bias', 'blocks.0.mlp.1.weight',
        'head.bias', 'head.weight', 'ln_f.bias', 'ln_f.weight', 'pos.weight', 'tok.weight',
      ].sort(),
    );
  });
});
