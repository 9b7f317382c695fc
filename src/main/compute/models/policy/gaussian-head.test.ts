import { afterAll, describe, expect, it } from 'vitest';
import { type HostTensor, f32, f64, releaseAll } from '../../runtime';
import { type FloatDType, type GradCheckInput, Graph, type Tensor, checkGradients, concat, div, unsqueeze } from '../../graph';
import { Rng } from '../../graph/layers/rng';
import { runOutputs } from '../../graph/layers/test-util';
import { ParamStore } from '../../graph/params';
import { choleskyFromRaw, gaussianEntropy, gaussianKL, gaussianLogDensity, gaussianSample } from './gaussian-head';
import * as ref from './gaussian-ref';

afterAll(() => releaseAll());

const J = 22;
const K = J * 3;
const B = 3;

function randomData(seed: number, rows: number) {
  const rng = new Rng(seed);
  const raw = (): number[] => Array.from({ length: rows * J * 6 }, (_, i) => (i % 6 < 3 ? rng.normal() * 0.8 - 0.5 : rng.normal() * 0.6));
  const vec = (sd: number): number[] => Array.from({ length: rows * K }, () => rng.normal() * sd);
  return {
    raw0: raw(),
    raw1: raw(),
    mu0: vec(0.5),
    mu1: vec(0.5),
    x: vec(0.8),
    eps: vec(1),
    scale: Array.from({ length: rows }, () => 0.5 + rng.next()),
  };
}

/** Every head function in one graph with a symbolic batch dim. */
function buildAll(dtype: FloatDType) {
  const g = new Graph({ dtype });
  const raw0 = g.input('raw0', ['B', J, 6]);
  const raw1 = g.input('raw1', ['B', J, 6]);
  const mu0 = g.input('mu0', ['B', K]);
  const mu1 = g.input('mu1', ['B', K]);
  const x = g.input('x', ['B', K]);
  const eps = g.input('eps', ['B', K]);
  const scale = g.input('scale', ['B']);
  const c0 = choleskyFromRaw(raw0);
  const c1 = choleskyFromRaw(raw1);
  return {
    diag: c0.diag,
    off: c0.off,
    logp: gaussianLogDensity(mu0, c0, x),
    logpFixed: gaussianLogDensity(mu0, c0, x, 1.3),
    logpRows: gaussianLogDensity(mu0, c0, x, scale),
    entropy: gaussianEntropy(c0),
    entropyFixed: gaussianEntropy(c0, 0.7),
    entropyRows: gaussianEntropy(c0, scale),
    kl: gaussianKL(mu0, c0, mu1, c1),
    klSelf: gaussianKL(mu0, c0, mu0, c0),
    sample: gaussianSample(mu0, c0, eps),
    sampleRows: gaussianSample(mu0, c0, eps, scale),
  };
}

type Data = ReturnType<typeof randomData>;

function feeds(d: Data, rows: number, dtype: FloatDType): Record<string, HostTensor> {
  const t = dtype === 'float64' ? f64 : f32;
  return {
    raw0: t(d.raw0, [rows, J, 6]),
    raw1: t(d.raw1, [rows, J, 6]),
    mu0: t(d.mu0, [rows, K]),
    mu1: t(d.mu1, [rows, K]),
    x: t(d.x, [rows, K]),
    eps: t(d.eps, [rows, K]),
    scale: t(d.scale, [rows]),
  };
}

/** The references, row by row, in the same output names. */
function referenceOutputs(d: Data, rows: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const push = (name: string, v: number | ArrayLike<number>): void => {
    (out[name] ??= []).push(...(typeof v === 'number' ? [v] : Array.from(v)));
  };
  for (let b = 0; b < rows; b++) {
    const row = (a: number[], n: number): number[] => a.slice(b * n, (b + 1) * n);
    const c0 = ref.choleskyFromRaw(row(d.raw0, J * 6));
    const c1 = ref.choleskyFromRaw(row(d.raw1, J * 6));
    const [mu0, mu1, x, eps] = [row(d.mu0, K), row(d.mu1, K), row(d.x, K), row(d.eps, K)];
    const s = d.scale[b]!;
    push('diag', c0.diag);
    push('off', c0.off);
    push('logp', ref.logDensity(mu0, c0, x));
    push('logpFixed', ref.logDensity(mu0, c0, x, 1.3));
    push('logpRows', ref.logDensity(mu0, c0, x, s));
    push('entropy', ref.entropy(c0));
    push('entropyFixed', ref.entropy(c0, 0.7));
    push('entropyRows', ref.entropy(c0, s));
    push('kl', ref.kl(mu0, c0, mu1, c1));
    push('klSelf', 0);
    push('sample', ref.sample(mu0, c0, 1, eps));
    push('sampleRows', ref.sample(mu0, c0, s, eps));
  }
  return out;
}

/** Largest |got − want| / max(1, |want|) over an output. */
function worstRelative(got: ArrayLike<number>, want: number[]): number {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  return w;
}

describe('Gaussian head graph functions against the float64 references', () => {
  for (const [dtype, tol] of [
    ['float64', 1e-10],
    ['float32', 1e-5],
  ] as const) {
    it(`${dtype}: Cholesky factors, log-density (scale 1, fixed, per row), entropy, KL, samples`, async () => {
      const d = randomData(31, B);
      const outs = buildAll(dtype);
      const got = await runOutputs(outs, feeds(d, B, dtype), new ParamStore(dtype));
      const want = referenceOutputs(d, B);
      for (const name of Object.keys(outs)) {
        expect(got[name]!.dims, name).toEqual(name === 'diag' || name === 'off' ? [B, J, 3] : name.startsWith('sample') ? [B, K] : [B]);
        const w = worstRelative(got[name]!.data as Float64Array | Float32Array, want[name]!);
        expect(w, `${name}: worst relative error ${w}`).toBeLessThan(name === 'klSelf' ? tol * 10 : tol);
      }
      // The quantities are not trivially small: a sign or factor error would show.
      expect(Math.min(...want.kl!)).toBeGreaterThan(1);
      expect(Math.max(...want.logp!.map(Math.abs))).toBeGreaterThan(10);
    });
  }

  it('runs on one row as on many (symbolic batch)', async () => {
    const d = randomData(32, 1);
    const got = await runOutputs(buildAll('float64'), feeds(d, 1, 'float64'), new ParamStore('float64'));
    const want = referenceOutputs(d, 1);
    expect(worstRelative(got.kl!.data as Float64Array, want.kl!)).toBeLessThan(1e-10);
    expect(worstRelative(got.logpRows!.data as Float64Array, want.logpRows!)).toBeLessThan(1e-10);
  });

  it('rejects mismatched shapes at build time', () => {
    const g = new Graph();
    const c = choleskyFromRaw(g.input('raw', ['B', J, 6]));
    expect(() => gaussianLogDensity(g.input('mu', ['B', 60]), c, g.input('x', ['B', 60]))).toThrow(/66/);
    expect(() => choleskyFromRaw(g.input('r5', ['B', J, 5]))).toThrow(/6/);
    expect(() => gaussianEntropy(c, 0)).toThrow(RangeError);
  });
});

describe('Gaussian head gradients (float64 central differences)', () => {
  const rows = 2;
  const rng = new Rng(41);
  const normals = (n: number, sd = 1, mean = 0): number[] => Array.from({ length: n }, () => mean + sd * rng.normal());
  // Diagonals fed directly must stay positive under the ±h steps.
  const diagData = (): number[] => Array.from({ length: rows * J * 3 }, () => 0.3 + rng.next());
  const input = (dims: number[], data: number[], shape?: (number | string)[]): GradCheckInput => ({ dims, data, ...(shape ? { shape } : {}) });
  const blocks = (xs: Record<string, Tensor>, p: string) => ({ diag: xs[`${p}diag`]!, off: xs[`${p}off`]! });
  const cholInputs = (p: string, batchDim: number | string = rows): Record<string, GradCheckInput> => ({
    [`${p}diag`]: input([rows, J, 3], diagData(), [batchDim, J, 3]),
    [`${p}off`]: input([rows, J, 3], normals(rows * J * 3, 0.5), [batchDim, J, 3]),
  });

  async function expectGrad(build: (g: Graph, xs: Record<string, Tensor>) => Tensor, inputs: Record<string, GradCheckInput>): Promise<void> {
    const r = await checkGradients(build, inputs);
    expect(r.details, r.details.join('\n')).toEqual([]);
    expect(r.ok).toBe(true);
    const floats = Object.values(inputs).reduce((s, i) => s + i.data.length, 0);
    expect(r.checked).toBe(floats);
  }

  it('choleskyFromRaw (softplus diagonal + floor, off-diagonals passed through)', async () => {
    await expectGrad((_g, xs) => {
      const c = choleskyFromRaw(xs.raw!);
      return concat([c.diag, c.off], -1);
    }, { raw: input([rows, J, 6], normals(rows * J * 6, 2)) });
  });

  it('gaussianLogDensity w.r.t. μ, x, diag, off (scale 1 and a fixed scale; symbolic batch)', async () => {
    const inputs = { mu: input([rows, K], normals(rows * K, 0.5), ['B', K]), x: input([rows, K], normals(rows * K, 0.8), ['B', K]), ...cholInputs('', 'B') };
    // With a symbolic output the checker reads out Σ y·exp(−y/2); dividing by k keeps y near −1 so that read-out
    // stays well conditioned (log-densities of 66 numbers are around −k).
    await expectGrad((_g, xs) => div(gaussianLogDensity(xs.mu!, blocks(xs, ''), xs.x!), K), inputs);
    await expectGrad((_g, xs) => div(gaussianLogDensity(xs.mu!, blocks(xs, ''), xs.x!, 1.4), K), inputs);
  });

  it('gaussianLogDensity w.r.t. a per-row scale tensor and through choleskyFromRaw (the SFT NLL path)', async () => {
    await expectGrad((_g, xs) => gaussianLogDensity(xs.mu!, choleskyFromRaw(xs.raw!), xs.x!, xs.s!), {
      mu: input([rows, K], normals(rows * K, 0.5)),
      x: input([rows, K], normals(rows * K, 0.8)),
      raw: input([rows, J, 6], normals(rows * J * 6, 0.8)),
      s: input([rows], [0.7, 1.6]),
    });
  });

  it('gaussianEntropy w.r.t. diag, off and the scale', async () => {
    await expectGrad((_g, xs) => concat([unsqueeze(gaussianEntropy(blocks(xs, '')), -1), unsqueeze(gaussianEntropy(blocks(xs, ''), xs.s!), -1)], -1), {
      ...cholInputs(''),
      s: input([rows], [0.8, 1.3]),
    });
  });

  it('gaussianKL w.r.t. both means and both factors', async () => {
    await expectGrad((_g, xs) => gaussianKL(xs.mu0!, blocks(xs, 'p'), xs.mu1!, blocks(xs, 'q')), {
      mu0: input([rows, K], normals(rows * K, 0.5)),
      mu1: input([rows, K], normals(rows * K, 0.5)),
      ...cholInputs('p'),
      ...cholInputs('q'),
    });
  });

  it('gaussianSample w.r.t. μ, the factors, ε and the scale (reparameterised draws)', async () => {
    await expectGrad((_g, xs) => gaussianSample(xs.mu!, blocks(xs, ''), xs.eps!, xs.s!), {
      mu: input([rows, K], normals(rows * K, 0.5)),
      eps: input([rows, K], normals(rows * K)),
      ...cholInputs(''),
      s: input([rows], [0.6, 1.2]),
    });
  });
});
