import { afterAll, describe, expect, it } from 'vitest';
import { type HostTensor, f32, f64, i64, releaseAll } from '../runtime';
import { type FloatDType, type GradCheckInput, Graph, type Tensor, Trainer, checkGradients, grad, matmul, reshape } from '../graph';
import { Rng } from '../graph/layers/rng';
import { runOutputs } from '../graph/layers/test-util';
import { ParamStore } from '../graph/params';
import { emitModel } from '../graph/serialize';
import { choleskyFromRaw } from '../models/policy/gaussian-head';
import * as gref from '../models/policy/gaussian-ref';
import { type HyGRPOLossOptions, type PoseBranch, type TextBranch, hygrpoBatchInputs, hygrpoLoss, hygrpoMetrics, k3, tokenLogProbs } from './loss';
import { type HyGRPOTermsRef, clippedSurrogateRef, hygrpoLossRef, k3Ref, tokenLogProbsRef } from './loss-ref';

afterAll(() => releaseAll());

const OPTS: HyGRPOLossOptions = { clipLow: 0.2, clipHigh: 0.28, betaText: 0.04, betaPose: 0.02 };

/** A random batch: ratios spread across both clip edges, padding, an invalid pose row, one clamped pose ratio. */
function randomBatch(seed: number, o: { B: number; T: number; V: number; J: number }) {
  const rng = new Rng(seed);
  const { B, T, V, J } = o;
  const K = J * 3;
  const normals = (n: number, sd = 1, mean = 0): number[] => Array.from({ length: n }, () => mean + sd * rng.normal());
  const logits = normals(B * T * V, 1.5);
  const targets = Array.from({ length: B * T }, () => rng.int(V));
  const logp = tokenLogProbsRef(logits, targets, V);
  // Answers of different lengths (row b has T − b answer tokens, at least 1).
  const mask = Array.from({ length: B * T }, (_, p) => (p % T < Math.max(1, T - Math.floor(p / T)) ? 1 : 0));
  // Padded positions hold infinite log-probs: the loss must never look at them.
  const oldLogProbs = Array.from(logp, (l, p) => (mask[p] ? l - 0.4 * rng.normal() : -Infinity));
  const refLogProbs = Array.from(logp, (l, p) => (mask[p] ? l + 0.5 * rng.normal() : Infinity));
  const advText = Array.from({ length: B }, (_, b) => (b % 2 ? -1 : 1) * (0.3 + rng.next()));
  const raw = () => normals(B * J * 6, 0.6, 0).map((v, i) => (i % 6 < 3 ? v - 1 : v));
  const chol = gref.choleskyFromRaw(raw());
  const refChol = gref.choleskyFromRaw(raw());
  const mu = normals(B * K, 0.4);
  const refMu = mu.map((m) => m + 0.1 * rng.normal());
  const scale = Array.from({ length: B }, () => 0.6 + 0.8 * rng.next());
  const x: number[] = [];
  for (let b = 0; b < B; b++) {
    const c = { diag: chol.diag.subarray(b * K, (b + 1) * K), off: chol.off.subarray(b * K, (b + 1) * K) };
    x.push(...gref.sample(mu.slice(b * K, (b + 1) * K), c, scale[b]!, normals(K)));
  }
  const curLogDensity = Array.from({ length: B }, (_, b) =>
    gref.logDensity(mu.slice(b * K, (b + 1) * K), { diag: chol.diag.subarray(b * K, (b + 1) * K), off: chol.off.subarray(b * K, (b + 1) * K) }, x.slice(b * K, (b + 1) * K), scale[b]),
  );
  const oldLogDensity = curLogDensity.map((l, b) => (b === 1 ? l - 14 : l - 0.5 * rng.normal()));
  const valid = Array.from({ length: B }, (_, b) => (b === 2 ? 0 : 1));
  const advPose = Array.from({ length: B }, (_, b) => (b % 2 ? 0.2 + rng.next() : -0.2 - rng.next()));
  return { ...o, logits, targets, logp, oldLogProbs, refLogProbs, mask, advText, chol, refChol, mu, refMu, scale, x, oldLogDensity, valid, advPose };
}
type Batch = ReturnType<typeof randomBatch>;

function referenceOf(d: Batch, o: HyGRPOLossOptions): HyGRPOTermsRef {
  return hygrpoLossRef(
    { B: d.B, T: d.T, logProbs: d.logp, oldLogProbs: d.oldLogProbs, refLogProbs: d.refLogProbs, mask: d.mask, advantages: d.advText },
    { J: d.J, mu: d.mu, chol: d.chol, x: d.x, oldLogDensity: d.oldLogDensity, refMu: d.refMu, refChol: d.refChol, scale: d.scale, valid: d.valid, advantages: d.advPose },
    o,
  );
}

/** The loss from logits with the batch inputs declared by hygrpoBatchInputs (symbolic B and T). */
function buildFromInputs(dtype: FloatDType, d: Batch, o: HyGRPOLossOptions): Record<string, Tensor> {
  const g = new Graph({ dtype });
  const inp = hygrpoBatchInputs(g, d.J);
  const logits = g.input('logits', ['B', 'T', d.V]);
  const mu = g.input('mu', ['B', d.J * 3]);
  const chol = { diag: g.input('diag', ['B', d.J, 3]), off: g.input('off', ['B', d.J, 3]) };
  const text: TextBranch = { logProbs: tokenLogProbs(logits, inp.targets), oldLogProbs: inp.oldLogProbs, refLogProbs: inp.refLogProbs, mask: inp.answerMask, advantages: inp.advText };
  const pose: PoseBranch = {
    mu,
    chol,
    x: inp.poseX,
    oldLogDensity: inp.oldPoseLogDensity,
    refMu: inp.refMu,
    refChol: inp.refChol,
    scale: inp.sigmaScale,
    valid: inp.poseValid,
    advantages: inp.advPose,
  };
  const t = hygrpoLoss(text, pose, o);
  return { loss: t.loss, ...hygrpoMetrics(t) };
}

function feedsOf(d: Batch, dtype: FloatDType): Record<string, HostTensor> {
  const t = dtype === 'float64' ? f64 : f32;
  const { B, T, V, J } = d;
  return {
    logits: t(d.logits, [B, T, V]),
    targets: i64(d.targets, [B, T]),
    answer_mask: t(d.mask, [B, T]),
    old_logp: t(d.oldLogProbs, [B, T]),
    ref_logp: t(d.refLogProbs, [B, T]),
    adv_text: t(d.advText, [B]),
    mu: t(d.mu, [B, J * 3]),
    diag: t(d.chol.diag, [B, J, 3]),
    off: t(d.chol.off, [B, J, 3]),
    pose_x: t(d.x, [B, J * 3]),
    old_pose_logp: t(d.oldLogDensity, [B]),
    ref_mu: t(d.refMu, [B, J * 3]),
    ref_diag: t(d.refChol.diag, [B, J, 3]),
    ref_off: t(d.refChol.off, [B, J, 3]),
    sigma_scale: t(d.scale, [B]),
    pose_valid: t(d.valid, [B]),
    adv_pose: t(d.advPose, [B]),
  };
}

const scalar = (h: HostTensor | undefined): number => Number(h!.data[0]);
const relErr = (got: number, want: number): number => Math.abs(got - want) / Math.max(1, Math.abs(want));

describe('HyGRPO loss graph against the float64 reference', () => {
  for (const [dtype, tol] of [
    ['float64', 1e-10],
    ['float32', 2e-5],
  ] as const) {
    it(`${dtype}: loss and every diagnostic (22 joints, padding, an invalid row, a clamped pose ratio)`, async () => {
      const d = randomBatch(3, { B: 5, T: 6, V: 9, J: 22 });
      const got = await runOutputs(buildFromInputs(dtype, d, OPTS), feedsOf(d, dtype), new ParamStore(dtype));
      const want = referenceOf(d, OPTS);
      const pairs: [string, number][] = [
        ['loss', want.loss],
        ['text_surrogate', want.textSurrogate],
        ['kl_text', want.klText],
        ['clip_frac_text', want.clipFracText],
        ['ratio_text', want.ratioText],
        ['pose_surrogate', want.pose!.surrogate],
        ['kl_pose', want.pose!.kl],
        ['clip_frac_pose', want.pose!.clipFrac],
        ['ratio_pose', want.pose!.ratio],
        ['clamp_frac_pose', want.pose!.clampFrac],
      ];
      for (const [name, w] of pairs) expect(relErr(scalar(got[name]), w), `${name}: ${scalar(got[name])} vs ${w}`).toBeLessThan(tol);
      // The data exercise what they should: clipping in both branches, a clamped pose ratio, a real KL.
      expect(want.clipFracText).toBeGreaterThan(0);
      expect(want.clipFracText).toBeLessThan(1);
      expect(want.pose!.clipFrac).toBeGreaterThan(0);
      expect(want.pose!.clampFrac).toBeCloseTo(1 / 4, 12);
      expect(want.pose!.kl).toBeGreaterThan(1);
      expect(want.klText).toBeGreaterThan(0.01);
    });
  }

  it('plainGrpo: text terms only, no pose input in the graph, and the reference agrees', async () => {
    const d = randomBatch(4, { B: 3, T: 4, V: 7, J: 22 });
    const plain = { ...OPTS, plainGrpo: true };
    const g = new Graph({ dtype: 'float64' });
    const inp = hygrpoBatchInputs(g, d.J);
    const logits = g.input('logits', ['B', 'T', d.V]);
    const t = hygrpoLoss({ logProbs: tokenLogProbs(logits, inp.targets), oldLogProbs: inp.oldLogProbs, refLogProbs: inp.refLogProbs, mask: inp.answerMask, advantages: inp.advText }, null, plain);
    const outs = { loss: t.loss, ...hygrpoMetrics(t) };
    expect(Object.keys(outs).some((k) => k.includes('pose'))).toBe(false);
    expect(emitModel(g, outs).inputs.map((i) => i.name).sort()).toEqual(['adv_text', 'answer_mask', 'logits', 'old_logp', 'ref_logp', 'targets']);
    const feeds = feedsOf(d, 'float64');
    const got = await runOutputs(outs, feeds, new ParamStore('float64'));
    const want = hygrpoLossRef({ B: d.B, T: d.T, logProbs: d.logp, oldLogProbs: d.oldLogProbs, refLogProbs: d.refLogProbs, mask: d.mask, advantages: d.advText }, null, plain);
    expect(want.pose).toBeUndefined();
    expect(relErr(scalar(got.loss), want.loss)).toBeLessThan(1e-10);
    expect(want.loss).toBeCloseTo(-(want.textSurrogate - OPTS.betaText * want.klText), 12);
    // Without plainGrpo the pose branch is required.
    const lp = tokenLogProbs(logits, inp.targets);
    expect(() => hygrpoLoss({ logProbs: lp, oldLogProbs: lp, refLogProbs: lp, mask: lp, advantages: inp.advText }, null, OPTS)).toThrow(/pose branch/);
  });

  it('tokenLogProbs applies the sampling temperature', async () => {
    const d = randomBatch(5, { B: 2, T: 3, V: 6, J: 1 });
    const g = new Graph({ dtype: 'float64' });
    const logits = g.input('logits', [2, 3, 6]);
    const targets = g.input('targets', [2, 3], 'int64');
    const got = await runOutputs({ lp: tokenLogProbs(logits, targets, 0.7) }, { logits: f64(d.logits, [2, 3, 6]), targets: i64(d.targets, [2, 3]) }, new ParamStore('float64'));
    const want = tokenLogProbsRef(d.logits, d.targets, 6, 0.7);
    want.forEach((w, i) => expect(Math.abs(Number(got.lp!.data[i]) - w)).toBeLessThan(1e-12));
    expect(() => tokenLogProbs(logits, targets, 0)).toThrow(RangeError);
  });

  it('rejects bad options', () => {
    const g = new Graph();
    const x = g.input('x', [1, 1]);
    const text = { logProbs: x, oldLogProbs: x, refLogProbs: x, mask: x, advantages: g.input('a', [1]) };
    for (const bad of [{ clipLow: 1 }, { clipLow: 0 }, { clipHigh: -0.1 }, { betaText: -1 }, { betaPose: Number.NaN }, { poseLogRatioClamp: 0 }]) {
      expect(() => hygrpoLoss(text, null, { ...OPTS, plainGrpo: true, ...bad })).toThrow(RangeError);
    }
  });
});

/**
 * Six (advantage, ratio) cases, one per row, with asymmetric ε (0.2 below, 0.28 above): the surrogate each row
 * contributes and d(surrogate)/d(log π) = A·r where the unclipped term is taken, 0 where the clipped one is.
 */
const CASES: { adv: number; ratio: number; surrogate: number; clipped: boolean }[] = [
  { adv: 1, ratio: 1.5, surrogate: 1.28, clipped: true }, // A > 0 above 1 + ε_high: clipped, no gradient
  { adv: 1, ratio: 1.1, surrogate: 1.1, clipped: false }, // inside
  { adv: 1, ratio: 0.5, surrogate: 0.5, clipped: false }, // A > 0 below 1 − ε_low: the unclipped (smaller) term
  { adv: -1, ratio: 0.5, surrogate: -0.8, clipped: true }, // A < 0 below 1 − ε_low: clipped, no gradient
  { adv: -1, ratio: 1.5, surrogate: -1.5, clipped: false }, // A < 0 above: unclipped, keeps pushing down
  { adv: -1, ratio: 0.9, surrogate: -0.9, clipped: false }, // inside
];
const N = CASES.length;
const CLIP_OPTS: HyGRPOLossOptions = { clipLow: 0.2, clipHigh: 0.28, betaText: 0, betaPose: 0 };

async function runWithGrads(outs: Record<string, Tensor>, wrt: Record<string, Tensor>, feeds: Record<string, HostTensor>) {
  const grads = grad(outs.loss!, Object.values(wrt));
  const all: Record<string, Tensor> = { ...outs };
  Object.keys(wrt).forEach((k, i) => (all[`grad_${k}`] = grads[i]!));
  return runOutputs(all, feeds, new ParamStore('float64'));
}

describe('clipping on both sides', () => {
  it('reference: surrogate values and which cases are clipped', () => {
    for (const c of CASES) {
      const s = clippedSurrogateRef(c.ratio, c.adv, 0.2, 0.28);
      expect(s.value).toBeCloseTo(c.surrogate, 14);
      expect(s.clipped).toBe(c.clipped);
    }
  });

  it('text branch: per-token values, clip fraction and gradients w.r.t. the current log-probs', async () => {
    const g = new Graph({ dtype: 'float64' });
    const logProbs = g.input('logp', [N, 1]);
    const text = { logProbs, oldLogProbs: g.input('old', [N, 1]), refLogProbs: g.input('ref', [N, 1]), mask: g.input('mask', [N, 1]), advantages: g.input('adv', [N]) };
    const t = hygrpoLoss(text, null, { ...CLIP_OPTS, plainGrpo: true });
    const lp = CASES.map((_, i) => -1 - 0.1 * i);
    const r = await runWithGrads({ loss: t.loss, clip: t.clipFracText, surr: t.textSurrogate }, { logp: logProbs }, {
      logp: f64(lp, [N, 1]),
      old: f64(CASES.map((c, i) => lp[i]! - Math.log(c.ratio)), [N, 1]),
      ref: f64(lp, [N, 1]),
      mask: f64(new Array(N).fill(1), [N, 1]),
      adv: f64(CASES.map((c) => c.adv), [N]),
    });
    const meanSurrogate = CASES.reduce((s, c) => s + c.surrogate, 0) / N;
    expect(scalar(r.surr)).toBeCloseTo(meanSurrogate, 12);
    expect(scalar(r.loss)).toBeCloseTo(-meanSurrogate, 12);
    expect(scalar(r.clip)).toBeCloseTo(2 / N, 12);
    CASES.forEach((c, i) => {
      const want = c.clipped ? 0 : -(c.adv * c.ratio) / N;
      expect(Number(r.grad_logp!.data[i]), `case ${i}`).toBeCloseTo(want, 12);
    });
  });

  it('pose branch: per-sample values, clip fraction, the log-ratio clamp and gradients w.r.t. μ', async () => {
    // One joint, identity factor, μ = 0: log N(x) = −½‖x‖² − (3/2)·log 2π and ∂log N/∂μ = x.
    const J = 1;
    const rows = N + 1;
    const x = Array.from({ length: rows * 3 }, (_, i) => 0.3 + 0.1 * (i % 5));
    const logN = (b: number) => -0.5 * (x[b * 3]! ** 2 + x[b * 3 + 1]! ** 2 + x[b * 3 + 2]! ** 2) - 1.5 * Math.log(2 * Math.PI);
    // The extra row: A < 0 with log r = 12 beyond the clamp of 10 (unclipped term taken, but clamped: ratio e^10, no gradient).
    const cases = [...CASES, { adv: -1, ratio: Math.exp(12), surrogate: -Math.exp(10), clipped: false }];
    const g = new Graph({ dtype: 'float64' });
    const mu = g.input('mu', [rows, 3]);
    const blocks = (p: string) => ({ diag: g.input(`${p}diag`, [rows, J, 3]), off: g.input(`${p}off`, [rows, J, 3]) });
    const one = g.input('one', [1, 1]);
    const text = { logProbs: one, oldLogProbs: one, refLogProbs: one, mask: g.input('zero', [1, 1]), advantages: g.input('a0', [1]) };
    const pose: PoseBranch = {
      mu,
      chol: blocks(''),
      x: g.input('x', [rows, 3]),
      oldLogDensity: g.input('old', [rows]),
      refMu: mu,
      refChol: blocks('ref_'),
      scale: 1,
      valid: g.input('valid', [rows]),
      advantages: g.input('adv', [rows]),
    };
    const t = hygrpoLoss(text, pose, CLIP_OPTS);
    const identity = (): HostTensor => f64(new Array(rows * 3).fill(1), [rows, J, 3]);
    const zeros = (): HostTensor => f64(new Array(rows * 3).fill(0), [rows, J, 3]);
    const r = await runWithGrads({ loss: t.loss, surr: t.pose!.surrogate, clip: t.pose!.clipFrac, clamp: t.pose!.clampFrac, kl: t.pose!.kl }, { mu }, {
      mu: f64(new Array(rows * 3).fill(0), [rows, 3]),
      diag: identity(),
      off: zeros(),
      ref_diag: identity(),
      ref_off: zeros(),
      x: f64(x, [rows, 3]),
      old: f64(cases.map((c, b) => logN(b) - Math.log(c.ratio)), [rows]),
      valid: f64(new Array(rows).fill(1), [rows]),
      adv: f64(cases.map((c) => c.adv), [rows]),
      one: f64([0], [1, 1]),
      zero: f64([0], [1, 1]),
      a0: f64([0], [1]),
    });
    const meanSurrogate = cases.reduce((s, c) => s + c.surrogate, 0) / rows;
    expect(scalar(r.surr)).toBeCloseTo(meanSurrogate, 9);
    expect(scalar(r.loss)).toBeCloseTo(-meanSurrogate, 9);
    expect(scalar(r.clip)).toBeCloseTo(2 / rows, 12);
    expect(scalar(r.clamp)).toBeCloseTo(1 / rows, 12);
    expect(scalar(r.kl)).toBe(0);
    cases.forEach((c, b) => {
      const active = !c.clipped && b < N; // the clamped row has no gradient
      for (let k = 0; k < 3; k++) {
        const want = active ? -(c.adv * c.ratio * x[b * 3 + k]!) / rows : 0;
        expect(Number(r.grad_mu!.data[b * 3 + k]), `row ${b}, dim ${k}`).toBeCloseTo(want, 9);
      }
    });
  });
});

describe('KL terms', () => {
  /** KL(p‖q) of two categoricals, closed form. */
  const categoricalKL = (p: number[], q: number[]): number => p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]!), 0);
  const softmax = (z: number[]): number[] => {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };

  async function klTextOf(logp: number[], ref: number[], weights: number[]): Promise<number> {
    const T = logp.length;
    const g = new Graph({ dtype: 'float64' });
    const lp = g.input('lp', [1, T]);
    const t = hygrpoLoss({ logProbs: lp, oldLogProbs: lp, refLogProbs: g.input('ref', [1, T]), mask: g.input('m', [1, T]), advantages: g.input('a', [1]) }, null, { ...OPTS, plainGrpo: true });
    const r = await runOutputs({ kl: t.klText }, { lp: f64(logp, [1, T]), ref: f64(ref, [1, T]), m: f64(weights, [1, T]), a: f64([0], [1]) }, new ParamStore('float64'));
    return scalar(r.kl);
  }

  const p = softmax([1.2, -0.3, 0.5, 2.0, -1.5, 0.1]);
  const q = softmax([0.2, 0.4, -0.6, 1.1, 0.3, -0.2]);
  const kl = categoricalKL(p, q);

  it('k3 is the categorical KL(π‖π_ref) in expectation: exactly, weighting every token by π', async () => {
    // E_{a~p}[k3] = Σ_a p(a)·(q/p − log(q/p) − 1) = Σ q − 1 + KL(p‖q) = KL(p‖q).
    const got = await klTextOf(p.map(Math.log), q.map(Math.log), p);
    expect(kl).toBeGreaterThan(0.2);
    expect(Math.abs(got - kl)).toBeLessThan(1e-12);
  });

  it('k3 is the categorical KL in expectation: Monte Carlo over sampled tokens (5 standard errors)', async () => {
    const rng = new Rng(11);
    const draws = 20_000;
    const tokens = Array.from({ length: draws }, () => {
      let u = rng.next();
      for (let a = 0; a < p.length; a++) if ((u -= p[a]!) < 0) return a;
      return p.length - 1;
    });
    const values = tokens.map((a) => k3Ref(Math.log(q[a]!) - Math.log(p[a]!)));
    const mean = values.reduce((s, v) => s + v, 0) / draws;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws - 1));
    const got = await klTextOf(tokens.map((a) => Math.log(p[a]!)), tokens.map((a) => Math.log(q[a]!)), new Array(draws).fill(1));
    expect(Math.abs(got - mean)).toBeLessThan(1e-10);
    expect(Math.abs(got - kl)).toBeLessThan((5 * sd) / Math.sqrt(draws));
  });

  it('k3 clamps its log-ratio at ±20 and is never negative', async () => {
    const got = await klTextOf([-30, 0, -1], [0, -30, -1], [1, 0, 0]);
    expect(got).toBeCloseTo(Math.exp(20) - 21, 3);
    expect(await klTextOf([0], [-30], [1])).toBeCloseTo(Math.exp(-20) + 20 - 1, 10);
    const g = new Graph({ dtype: 'float64' });
    const d = g.input('d', [7]);
    const r = await runOutputs({ k: k3(d) }, { d: f64([-25, -3, -0.1, 0, 0.1, 3, 25], [7]) }, new ParamStore('float64'));
    Array.from(r.k!.data as Float64Array).forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeCloseTo(k3Ref([-25, -3, -0.1, 0, 0.1, 3, 25][i]!), 8);
    });
  });

  it('pose KL: the exact Gaussian KL (univariate closed form for a diagonal joint; 0 against itself)', async () => {
    // One joint, diagonal factors: KL = Σ_k log(σ1/σ0) + (σ0² + (μ0 − μ1)²)/(2σ1²) − ½.
    const [s0, s1, m0, m1] = [[0.5, 1.2, 0.8], [0.7, 0.9, 1.5], [0.1, -0.4, 0.3], [0.3, 0.2, -0.1]];
    let want = 0;
    for (let k = 0; k < 3; k++) want += Math.log(s1[k]! / s0[k]!) + (s0[k]! ** 2 + (m0[k]! - m1[k]!) ** 2) / (2 * s1[k]! ** 2) - 0.5;
    const g = new Graph({ dtype: 'float64' });
    const mu = g.input('mu', [2, 3]);
    const blocks = (p: string) => ({ diag: g.input(`${p}diag`, [2, 1, 3]), off: g.input(`${p}off`, [2, 1, 3]) });
    const zero = g.input('zero', [1, 1]);
    const text = { logProbs: zero, oldLogProbs: zero, refLogProbs: zero, mask: zero, advantages: g.input('a0', [1]) };
    const pose: PoseBranch = { mu, chol: blocks(''), x: mu, oldLogDensity: g.input('old', [2]), refMu: g.input('refmu', [2, 3]), refChol: blocks('ref_'), scale: 1, valid: g.input('valid', [2]), advantages: g.input('adv', [2]) };
    const t = hygrpoLoss(text, pose, OPTS);
    // Row 0: N0 vs N1; row 1: N0 vs itself. Both valid, so the mean is want/2.
    const r = await runOutputs({ kl: t.pose!.kl }, {
      mu: f64([...m0, ...m0], [2, 3]),
      diag: f64([...s0, ...s0], [2, 1, 3]),
      off: f64(new Array(6).fill(0), [2, 1, 3]),
      refmu: f64([...m1, ...m0], [2, 3]),
      ref_diag: f64([...s1, ...s0], [2, 1, 3]),
      ref_off: f64(new Array(6).fill(0), [2, 1, 3]),
      old: f64([0, 0], [2]),
      valid: f64([1, 1], [2]),
      adv: f64([0, 0], [2]),
      zero: f64([0], [1, 1]),
      a0: f64([0], [1]),
    }, new ParamStore('float64'));
    expect(want).toBeGreaterThan(0.5);
    expect(Math.abs(scalar(r.kl) - want / 2)).toBeLessThan(1e-12);
  });
});

describe('HyGRPO loss gradients (float64 central differences)', () => {
  const d = randomBatch(21, { B: 3, T: 4, V: 5, J: 2 });
  const { B, T, V, J } = d;
  const K = J * 3;
  const c = (dims: number[], data: ArrayLike<number>): GradCheckInput => ({ dims, data, constant: true });
  const inputs = (plain: boolean): Record<string, GradCheckInput> => ({
    logits: { dims: [B, T, V], data: d.logits },
    targets: { dims: [B, T], data: d.targets, type: 'int64' },
    old: c([B, T], d.oldLogProbs),
    ref: c([B, T], d.refLogProbs),
    mask: c([B, T], d.mask),
    advT: c([B], d.advText),
    ...(plain
      ? {}
      : {
          mu: { dims: [B, K], data: d.mu },
          diag: { dims: [B, J, 3], data: d.chol.diag },
          off: { dims: [B, J, 3], data: d.chol.off },
          x: c([B, K], d.x),
          oldPose: c([B], d.oldLogDensity),
          refMu: c([B, K], d.refMu),
          refDiag: c([B, J, 3], d.refChol.diag),
          refOff: c([B, J, 3], d.refChol.off),
          scale: c([B], d.scale),
          valid: c([B], d.valid),
          advP: c([B], d.advPose),
        }),
  });
  const build = (plain: boolean) => (_g: Graph, xs: Record<string, Tensor>): Tensor => {
    const text: TextBranch = { logProbs: tokenLogProbs(xs.logits!, xs.targets!), oldLogProbs: xs.old!, refLogProbs: xs.ref!, mask: xs.mask!, advantages: xs.advT! };
    const pose: PoseBranch | null = plain
      ? null
      : {
          mu: xs.mu!,
          chol: { diag: xs.diag!, off: xs.off! },
          x: xs.x!,
          oldLogDensity: xs.oldPose!,
          refMu: xs.refMu!,
          refChol: { diag: xs.refDiag!, off: xs.refOff! },
          scale: xs.scale!,
          valid: xs.valid!,
          advantages: xs.advP!,
        };
    // Larger β than a run would use, so the KL gradients weigh in the check.
    return hygrpoLoss(text, pose, { clipLow: 0.2, clipHigh: 0.28, betaText: 0.5, betaPose: 0.3, plainGrpo: plain }).loss;
  };

  it('w.r.t. the logits, μ and both Cholesky parts (clipped and unclipped tokens, an invalid and a clamped row)', async () => {
    const ref = referenceOf(d, OPTS);
    expect(ref.clipFracText).toBeGreaterThan(0);
    expect(ref.pose!.clampFrac).toBeGreaterThan(0);
    const r = await checkGradients(build(false), inputs(false));
    expect(r.details, r.details.join('\n')).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checked).toBe(B * T * V + 3 * B * K);
  });

  it('plainGrpo w.r.t. the logits', async () => {
    const r = await checkGradients(build(true), inputs(true));
    expect(r.details, r.details.join('\n')).toEqual([]);
    expect(r.checked).toBe(B * T * V);
  });
});

describe('one compiled training step', () => {
  /** A toy policy: logits and the Gaussian head as linear maps of per-position / per-row features. */
  function toyGraph(plain: boolean) {
    const g = new Graph();
    const inp = hygrpoBatchInputs(g, 22);
    const feat = g.input('feat', ['B', 'T', 4]);
    const h = g.input('h', ['B', 4]);
    const logits = matmul(feat, g.param('lm', [4, 6], { init: { normal: 0.5 } }));
    const mu = matmul(h, g.param('mu', [4, 66], { init: { normal: 0.1 } }));
    const raw = reshape(matmul(h, g.param('cov', [4, 132], { init: { normal: 0.1 } })), ['B', 22, 6]);
    const terms = hygrpoLoss(
      { logProbs: tokenLogProbs(logits, inp.targets), oldLogProbs: inp.oldLogProbs, refLogProbs: inp.refLogProbs, mask: inp.answerMask, advantages: inp.advText },
      { mu, chol: choleskyFromRaw(raw), x: inp.poseX, oldLogDensity: inp.oldPoseLogDensity, refMu: inp.refMu, refChol: inp.refChol, scale: inp.sigmaScale, valid: inp.poseValid, advantages: inp.advPose },
      { ...OPTS, plainGrpo: plain },
    );
    return { g, terms, logits, mu, raw, targets: inp.targets };
  }

  it('compiles forward + HyGRPO loss + backward + AdamW into one step; π_old = π_θ gives ratio 1; plainGrpo leaves the pose head alone', async () => {
    for (const plain of [false, true]) {
      const { g, terms, logits, mu, raw, targets: targetsT } = toyGraph(plain);
      const trainer = await Trainer.create(g, { loss: terms.loss, metrics: hygrpoMetrics(terms), optimizer: { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 }, seed: 3 });
      const B = 4;
      const T = 3;
      const rng = new Rng(9);
      const feat = f32(Array.from({ length: B * T * 4 }, () => rng.normal()), [B, T, 4]);
      const h = f32(Array.from({ length: B * 4 }, () => rng.normal()), [B, 4]);
      const targets = i64(Array.from({ length: B * T }, () => rng.int(6)), [B, T]);
      // The old and reference policies are the current one: log-probs and head outputs from an inference run.
      const inf = await trainer.inference({ logp: tokenLogProbs(logits, targetsT), mu_now: mu, raw_now: raw });
      const now = await inf.run({ feat, h, targets }, trainer.store);
      const muNow = now.mu_now!.data as Float32Array;
      const cholNow = gref.choleskyFromRaw(now.raw_now!.data as Float32Array);
      const x = new Float32Array(B * 66);
      const oldPose = new Float32Array(B);
      for (let b = 0; b < B; b++) {
        const row = { diag: cholNow.diag.subarray(b * 66, (b + 1) * 66), off: cholNow.off.subarray(b * 66, (b + 1) * 66) };
        const m = muNow.subarray(b * 66, (b + 1) * 66);
        x.set(gref.sample(m, row, 1, Array.from({ length: 66 }, () => rng.normal())), b * 66);
        oldPose[b] = gref.logDensity(m, row, x.subarray(b * 66, (b + 1) * 66));
      }
      const batch = {
        feat,
        h,
        targets,
        answer_mask: f32(new Array(B * T).fill(1), [B, T]),
        old_logp: now.logp!,
        ref_logp: now.logp!,
        adv_text: f32([1, -1, 0.5, -0.5], [B]),
        pose_x: f32(x, [B, 66]),
        old_pose_logp: f32(oldPose, [B]),
        ref_mu: f32(muNow, [B, 66]),
        ref_diag: f32(cholNow.diag, [B, 22, 3]),
        ref_off: f32(cholNow.off, [B, 22, 3]),
        sigma_scale: f32(new Array(B).fill(1), [B]),
        pose_valid: f32([1, 1, 1, 0], [B]),
        adv_pose: f32([1, -1, 0.5, 0], [B]),
      };
      const before = { lm: Float32Array.from(trainer.store.get('lm').data), mu: Float32Array.from(trainer.store.get('mu').data) };
      const r = await trainer.step(batch);
      const m = (k: string) => scalar(r.metrics[k]);
      expect(Math.abs(m('ratio_text') - 1)).toBeLessThan(1e-5);
      expect(m('clip_frac_text')).toBe(0);
      expect(m('kl_text')).toBeLessThan(1e-6);
      // Surrogate at ratio 1 = mean advantage over tokens (each row has T tokens): (1 − 1 + 0.5 − 0.5)/4 = 0.
      expect(Math.abs(m('text_surrogate'))).toBeLessThan(1e-6);
      expect(r.gradNorm).toBeGreaterThan(0);
      expect(Array.from(trainer.store.get('lm').data).some((v, i) => v !== before.lm[i])).toBe(true);
      const poseMoved = Array.from(trainer.store.get('mu').data).some((v, i) => v !== before.mu[i]);
      if (plain) {
        expect(r.metrics.ratio_pose).toBeUndefined();
        expect(poseMoved).toBe(false);
      } else {
        expect(Math.abs(m('ratio_pose') - 1)).toBeLessThan(1e-3);
        expect(m('kl_pose')).toBeLessThan(1e-5);
        expect(poseMoved).toBe(true);
      }
      await Promise.all([inf.release(), trainer.release()]);
    }
  });
});
