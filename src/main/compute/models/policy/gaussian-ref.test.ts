import { describe, expect, it } from 'vitest';
import { Rng } from '../../graph/layers/rng';
import {
  type BlockCholesky,
  MIN_STD,
  choleskyFromRaw,
  covarianceBlocks,
  entropy,
  kl,
  logDensity,
  perJointSigma,
  sample,
  softplus,
} from './gaussian-ref';

const J = 22;
const K = J * 3;
const LOG_2PI = Math.log(2 * Math.PI);

function randomGaussian(rng: Rng, joints = J, offScale = 0.6): { mu: Float64Array; chol: BlockCholesky } {
  const raw = Array.from({ length: joints * 6 }, (_, i) => (i % 6 < 3 ? rng.normal() * 0.8 - 0.5 : rng.normal() * offScale));
  const mu = Float64Array.from({ length: joints * 3 }, () => rng.normal() * 0.5);
  return { mu, chol: choleskyFromRaw(raw) };
}

// ---- brute force: the dense k×k covariance, inverted and its determinant taken by Gauss–Jordan elimination ----

function denseSigma(chol: BlockCholesky): Float64Array[] {
  const k = chol.diag.length;
  const S = Array.from({ length: k }, () => new Float64Array(k));
  const blocks = covarianceBlocks(chol);
  for (let j = 0; j < k / 3; j++) for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) S[j * 3 + r]![j * 3 + c] = blocks[j * 9 + r * 3 + c]!;
  return S;
}

/** Inverse and log|det| of a dense matrix by Gauss–Jordan with partial pivoting (independent of any Cholesky). */
function invertDense(M: Float64Array[]): { inv: Float64Array[]; logDet: number } {
  const n = M.length;
  const A = M.map((r) => Float64Array.from(r));
  const inv = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let logDet = 0;
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[p]![col]!)) p = r;
    [A[col], A[p]] = [A[p]!, A[col]!];
    [inv[col], inv[p]] = [inv[p]!, inv[col]!];
    const piv = A[col]![col]!;
    logDet += Math.log(Math.abs(piv));
    for (let c = 0; c < n; c++) {
      A[col]![c]! /= piv;
      inv[col]![c]! /= piv;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = A[r]![col]!;
      if (f === 0) continue;
      for (let c = 0; c < n; c++) {
        A[r]![c]! -= f * A[col]![c]!;
        inv[r]![c]! -= f * inv[col]![c]!;
      }
    }
  }
  return { inv, logDet };
}

const quadForm = (P: Float64Array[], v: ArrayLike<number>): number => {
  let q = 0;
  for (let i = 0; i < v.length; i++) for (let j = 0; j < v.length; j++) q += v[i]! * P[i]![j]! * v[j]!;
  return q;
};

function denseLogDensity(mu: ArrayLike<number>, chol: BlockCholesky, x: ArrayLike<number>, scale: number): number {
  const S = denseSigma(chol).map((r) => r.map((v) => v * scale * scale));
  const { inv, logDet } = invertDense(S);
  const d = Array.from(x, (v, i) => v - mu[i]!);
  return -0.5 * (quadForm(inv, d) + logDet + x.length * LOG_2PI);
}

function denseKL(mu0: ArrayLike<number>, chol0: BlockCholesky, mu1: ArrayLike<number>, chol1: BlockCholesky): number {
  const S0 = denseSigma(chol0);
  const { inv: P1, logDet: ld1 } = invertDense(denseSigma(chol1));
  const { logDet: ld0 } = invertDense(S0);
  const k = mu0.length;
  let tr = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) tr += P1[i]![j]! * S0[j]![i]!;
  const d = Array.from(mu1, (v, i) => v - mu0[i]!);
  return 0.5 * (tr + quadForm(P1, d) - k + ld1 - ld0);
}

const normals = (rng: Rng, n: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal());

describe('choleskyFromRaw', () => {
  it('maps per-joint [3 diagonal raws, L10, L20, L21] to softplus + minStd and off-diagonals as is', () => {
    const raw = [0, 1, -2, 0.3, -0.4, 0.5, 40, -60, 2, 7, 8, 9];
    const { diag, off } = choleskyFromRaw(raw);
    expect(diag[0]).toBeCloseTo(Math.log(2) + MIN_STD, 14);
    expect(diag[1]).toBeCloseTo(Math.log(1 + Math.E) + MIN_STD, 14);
    expect(diag[2]).toBeCloseTo(Math.log(1 + Math.exp(-2)) + MIN_STD, 14);
    expect(Array.from(off)).toEqual([0.3, -0.4, 0.5, 7, 8, 9]);
    // No overflow for large raws, and the floor holds for very negative ones.
    expect(diag[3]).toBeCloseTo(40 + MIN_STD, 12);
    expect(diag[4]).toBe(MIN_STD + softplus(-60));
    expect(softplus(-60) / Math.exp(-60)).toBeCloseTo(1, 12);
    expect(Array.from(choleskyFromRaw([-1e4, -1e4, -1e4, 0, 0, 0], 0.01).diag)).toEqual([0.01, 0.01, 0.01]);
  });

  it('rejects a length that is not whole joints', () => {
    expect(() => choleskyFromRaw([1, 2, 3, 4, 5])).toThrow(RangeError);
  });

  it('softplus is log(1 + eˣ)', () => {
    for (const x of [-30, -3, -0.1, 0, 0.7, 5, 30]) expect(softplus(x)).toBeCloseTo(Math.log(1 + Math.exp(x)), 12);
  });
});

describe('one joint with a diagonal factor against the univariate formulas', () => {
  const sig = [0.3, 1.2, 0.05];
  const chol = { diag: sig, off: [0, 0, 0] };
  const mu = [0.1, -0.4, 2];
  const x = [0.5, -1.9, 2.03];
  const uni = (xi: number, m: number, s: number): number => -0.5 * Math.log(2 * Math.PI * s * s) - ((xi - m) * (xi - m)) / (2 * s * s);

  it('log-density is the sum of three univariate log-densities, at scale 1 and at scale s (σ → sσ)', () => {
    expect(logDensity(mu, chol, x)).toBeCloseTo(uni(x[0]!, mu[0]!, 0.3) + uni(x[1]!, mu[1]!, 1.2) + uni(x[2]!, mu[2]!, 0.05), 12);
    const s = 1.7;
    expect(logDensity(mu, chol, x, s)).toBeCloseTo(uni(x[0]!, mu[0]!, 0.3 * s) + uni(x[1]!, mu[1]!, 1.2 * s) + uni(x[2]!, mu[2]!, 0.05 * s), 12);
  });

  it('entropy is the sum of ½·log(2πeσ²)', () => {
    const h = (s: number): number => 0.5 * Math.log(2 * Math.PI * Math.E * s * s);
    expect(entropy(chol)).toBeCloseTo(h(0.3) + h(1.2) + h(0.05), 12);
    expect(entropy(chol, 0.5)).toBeCloseTo(h(0.15) + h(0.6) + h(0.025), 12);
  });

  it('KL of two diagonal Gaussians is the sum of univariate KLs', () => {
    const sig1 = [0.5, 0.9, 0.2];
    const mu1 = [0, 0.3, 1.5];
    const uniKL = (m0: number, s0: number, m1: number, s1: number): number =>
      Math.log(s1 / s0) + (s0 * s0 + (m0 - m1) ** 2) / (2 * s1 * s1) - 0.5;
    const want = [0, 1, 2].reduce((t, i) => t + uniKL(mu[i]!, sig[i]!, mu1[i]!, sig1[i]!), 0);
    expect(kl(mu, chol, mu1, { diag: sig1, off: [0, 0, 0] })).toBeCloseTo(want, 12);
  });

  it('perJointSigma of an isotropic block is its σ', () => {
    expect(perJointSigma({ diag: [0.25, 0.25, 0.25], off: [0, 0, 0] })[0]).toBeCloseTo(0.25, 7);
  });

  it('rejects a non-positive scale and mismatched sizes', () => {
    expect(() => logDensity(mu, chol, x, 0)).toThrow(RangeError);
    expect(() => entropy(chol, -1)).toThrow(RangeError);
    expect(() => logDensity([0, 0], chol, [0, 0])).toThrow(RangeError);
  });
});

describe('22 joints with full 3×3 blocks against a dense 66×66 computation', () => {
  it('log-density (scales 1 and 0.6) and entropy match the dense Gaussian', () => {
    const rng = new Rng(11);
    for (let t = 0; t < 3; t++) {
      const { mu, chol } = randomGaussian(rng);
      const x = Float64Array.from(mu, (m) => m + rng.normal() * 0.7);
      for (const s of [1, 0.6]) {
        const want = denseLogDensity(mu, chol, x, s);
        expect(Math.abs(logDensity(mu, chol, x, s) - want)).toBeLessThan(1e-8 * Math.max(1, Math.abs(want)));
      }
      const { logDet } = invertDense(denseSigma(chol));
      expect(entropy(chol)).toBeCloseTo(0.5 * (K * (1 + LOG_2PI) + logDet), 8);
    }
  });

  it('KL matches the dense closed form, is 0 for identical Gaussians, positive and asymmetric otherwise', () => {
    const rng = new Rng(12);
    for (let t = 0; t < 3; t++) {
      const p = randomGaussian(rng);
      const q = randomGaussian(rng);
      const want = denseKL(p.mu, p.chol, q.mu, q.chol);
      const got = kl(p.mu, p.chol, q.mu, q.chol);
      expect(Math.abs(got - want)).toBeLessThan(1e-8 * Math.max(1, Math.abs(want)));
      expect(got).toBeGreaterThan(0);
      expect(Math.abs(kl(q.mu, q.chol, p.mu, p.chol) - got)).toBeGreaterThan(1e-3);
      expect(Math.abs(kl(p.mu, p.chol, p.mu, p.chol))).toBeLessThan(1e-10);
    }
  });

  it('covarianceBlocks and perJointSigma: σ² = trace(Σ_j)/3, unchanged by rotating the block', () => {
    const rng = new Rng(13);
    const { chol } = randomGaussian(rng);
    const blocks = covarianceBlocks(chol);
    const sig = perJointSigma(chol);
    expect(sig).toBeInstanceOf(Float32Array);
    expect(sig.length).toBe(J);
    for (let j = 0; j < J; j++) {
      const tr = blocks[j * 9]! + blocks[j * 9 + 4]! + blocks[j * 9 + 8]!;
      expect(sig[j]).toBeCloseTo(Math.sqrt(tr / 3), 6);
    }
    // Σ = R·diag(λ)·Rᵀ for a rotation R: σ = sqrt(mean λ) whatever R is (Cholesky factor of Σ taken densely).
    const lam = [0.04, 0.25, 1.0];
    const th = 0.7;
    const R = [
      [Math.cos(th), -Math.sin(th), 0],
      [Math.sin(th) * 0.6, Math.cos(th) * 0.6, -0.8],
      [Math.sin(th) * 0.8, Math.cos(th) * 0.8, 0.6],
    ];
    const S = [0, 1, 2].map((r) => [0, 1, 2].map((c) => [0, 1, 2].reduce((s, m) => s + R[r]![m]! * lam[m]! * R[c]![m]!, 0)));
    const l00 = Math.sqrt(S[0]![0]!);
    const l10 = S[1]![0]! / l00;
    const l20 = S[2]![0]! / l00;
    const l11 = Math.sqrt(S[1]![1]! - l10 * l10);
    const l21 = (S[2]![1]! - l20 * l10) / l11;
    const l22 = Math.sqrt(S[2]![2]! - l20 * l20 - l21 * l21);
    const rotated = { diag: [l00, l11, l22], off: [l10, l20, l21] };
    expect(Array.from(covarianceBlocks(rotated)).map((v, i) => v - S[Math.floor(i / 3)]![i % 3]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
    expect(perJointSigma(rotated)[0]).toBeCloseTo(Math.sqrt((0.04 + 0.25 + 1) / 3), 6);
  });
});

describe('sample', () => {
  it('is μ + s·L·ε: a unit normal on one axis picks a scaled column of L', () => {
    const chol = { diag: [0.5, 0.4, 0.3], off: [0.2, -0.1, 0.7] };
    const mu = [1, 2, 3];
    expect(Array.from(sample(mu, chol, 2, [1, 0, 0]))).toEqual([1 + 2 * 0.5, 2 + 2 * 0.2, 3 + 2 * -0.1]);
    expect(Array.from(sample(mu, chol, 2, [0, 1, 0]))).toEqual([1, 2 + 2 * 0.4, 3 + 2 * 0.7]);
    expect(Array.from(sample(mu, chol, 2, [0, 0, 1]))).toEqual([1, 2, 3 + 2 * 0.3]);
    const out = new Float32Array(3);
    expect(sample(mu, chol, 1, [0, 0, 0], out)).toBe(out);
    expect(Array.from(out)).toEqual([1, 2, 3]);
  });

  // Monte Carlo: n draws; every tolerance is a few standard errors estimated from the same draws, and the
  // quantities tested differ by far more than that when the sampler and the density disagree (L vs Lᵀ, a
  // missing scale, a wrong normaliser).
  const N = 20000;

  it('log-density of its own samples averages to −entropy, at scale 1 and at scale 1.6', () => {
    const rng = new Rng(21);
    const { mu, chol } = randomGaussian(rng);
    for (const s of [1, 1.6]) {
      let sum = 0;
      let sumSq = 0;
      let sumUnscaled = 0;
      for (let n = 0; n < N; n++) {
        const x = sample(mu, chol, s, normals(rng, K));
        const lp = logDensity(mu, chol, x, s);
        sum += lp;
        sumSq += lp * lp;
        sumUnscaled += logDensity(mu, chol, x);
      }
      const mean = sum / N;
      const se = Math.sqrt((sumSq / N - mean * mean) / N);
      // log p = const − χ²_k/2 ⇒ sd = sqrt(k/2) ≈ 5.7, so se ≈ 0.04.
      expect(se).toBeGreaterThan(0.02);
      expect(se).toBeLessThan(0.06);
      expect(Math.abs(mean + entropy(chol, s))).toBeLessThan(5 * se);
      // Evaluated under the unscaled policy the quadratic form averages s²·k instead of k.
      const wantUnscaled = -entropy(chol) + 0.5 * K - 0.5 * s * s * K;
      expect(Math.abs(sumUnscaled / N - wantUnscaled)).toBeLessThan(5 * se * s * s);
    }
  });

  it('sample covariance of a strongly correlated block is s²·LLᵀ (not LᵀL)', () => {
    const rng = new Rng(22);
    const chol = { diag: [0.5, 0.3, 0.2], off: [0.8, -0.6, 0.4] };
    const mu = [0.2, -0.1, 0.3];
    const s = 1.5;
    const want = covarianceBlocks(chol).map((v) => v * s * s);
    const acc = new Float64Array(9);
    const ses: number[] = [];
    for (let n = 0; n < N; n++) {
      const x = sample(mu, chol, s, normals(rng, 3));
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) acc[r * 3 + c]! += (x[r]! - mu[r]!) * (x[c]! - mu[c]!);
    }
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        const se = Math.sqrt((want[r * 4]! * want[c * 4]! + want[r * 3 + c]! ** 2) / N);
        expect(Math.abs(acc[r * 3 + c]! / N - want[r * 3 + c]!)).toBeLessThan(5 * se);
        ses.push(se);
      }
    }
    // LᵀL (a sampler using the transposed factor) differs from LLᵀ far beyond that tolerance: (0,0) entry.
    const ltl00 = (0.5 ** 2 + 0.8 ** 2 + 0.6 ** 2) * s * s;
    expect(Math.abs(ltl00 - want[0]!)).toBeGreaterThan(50 * Math.max(...ses));
  });

  it('KL equals the Monte Carlo mean of log p0 − log p1 under p0', () => {
    const rng = new Rng(23);
    const p = randomGaussian(rng, J, 0.3);
    // A nearby second Gaussian keeps the log-ratio's variance (and the standard error) small.
    const q = { mu: Float64Array.from(p.mu, (m) => m + 0.05 * rng.normal()), chol: choleskyFromRaw(Array.from({ length: J * 6 }, (_, i) => (i % 6 < 3 ? -0.5 + 0.8 * rng.normal() : 0.3 * rng.normal()))) };
    const want = kl(p.mu, p.chol, q.mu, q.chol);
    let sum = 0;
    let sumSq = 0;
    for (let n = 0; n < N; n++) {
      const x = sample(p.mu, p.chol, 1, normals(rng, K));
      const d = logDensity(p.mu, p.chol, x) - logDensity(q.mu, q.chol, x);
      sum += d;
      sumSq += d * d;
    }
    const mean = sum / N;
    const se = Math.sqrt((sumSq / N - mean * mean) / N);
    expect(se).toBeLessThan(0.05 * want);
    expect(Math.abs(mean - want)).toBeLessThan(5 * se);
  });
});
