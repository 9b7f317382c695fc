import { Graph } from '../graph/graph';
import { matmul } from '../graph/ops/linalg';
import { emitModel } from '../graph/serialize';
import { f32, loadSession, ortVersion, runtimeReport } from '../runtime';
import { MethodError, throwIfCancelled, type MethodContext } from './registry';

export const DEFAULT_SPEED_SIZES: readonly number[] = [256, 512, 1024];
export const DEFAULT_SPEED_REPEATS = 5;

export interface SpeedTestParams {
  sizes?: number[] | undefined;
  repeats?: number | undefined;
  threads?: number[] | undefined;
}

export interface SpeedRow {
  size: number;
  threads: number;
  gflops: number;
  ms: number;
}

export interface SpeedTestOutput {
  ort: string;
  provider: string;
  repeats: number;
  rows: SpeedRow[];
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** GFLOP/s of an n×n by n×n product done in `ms`: n³ multiplies and n³ adds. */
export function matmulGflops(n: number, ms: number): number {
  if (!(ms > 0)) return 0;
  return (2 * n ** 3) / (ms * 1e6);
}

/** Single-threaded, then every core: the two numbers that say most about a machine. */
export function defaultThreadCounts(cores: number): number[] {
  return [...new Set([1, Math.max(1, Math.floor(cores))])];
}

/** Sorted, de-duplicated copies, so rows come out in a stable order whatever the request's order. */
function uniqueSorted(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Fills with a fixed pseudo-random sequence in [-1, 1): denormals and zeros would flatter or hurt timings. */
function fill(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/**
 * Measures MatMul throughput: for each size, the graph builder emits y = a·b for size×size inputs; for each
 * thread count the runtime façade loads it with that many intra-op threads, runs it once to warm up, then
 * `repeats` timed runs. Reports the median per (size, threads). Progress after every timed run; a cancel is
 * honoured between runs (one ORT run cannot be interrupted).
 */
export async function runSpeedTest(params: SpeedTestParams, ctx: MethodContext): Promise<SpeedTestOutput> {
  const sizes = uniqueSorted(params.sizes ?? DEFAULT_SPEED_SIZES);
  const repeats = params.repeats ?? DEFAULT_SPEED_REPEATS;
  const threads = uniqueSorted(params.threads ?? defaultThreadCounts(runtimeReport().intraOpThreads));
  const total = sizes.length * threads.length * repeats;
  const rows: SpeedRow[] = [];
  let done = 0;
  let provider = 'cpu';
  // A distinct cache key per run: the sessions are released at the end and must not be shared with a concurrent test.
  const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  ctx.progress(0, `Building ${sizes.length} MatMul model${sizes.length === 1 ? '' : 's'}`);

  for (const n of sizes) {
    throwIfCancelled(ctx.signal);
    const g = new Graph();
    const y = matmul(g.input('a', [n, n]), g.input('b', [n, n]));
    const model = emitModel(g, { y }, { name: `speed_test_matmul_${n}` });
    const a = fill(n * n, 1 + n);
    const b = fill(n * n, 7 + n);
    // y[0,0] = row 0 of a · column 0 of b: a cheap check that the runtime computed the product it was timed on.
    let want00 = 0;
    for (let k = 0; k < n; k++) want00 += a[k]! * b[k * n]!;
    const feeds = { a: f32(a, [n, n]), b: f32(b, [n, n]) };

    for (const t of threads) {
      throwIfCancelled(ctx.signal);
      const session = await loadSession(model.bytes, {
        key: `speed-test:${runId}:${n}:${t}`,
        settings: { intraOpThreads: t, interOpThreads: 1 },
      });
      try {
        provider = session.providers[0] ?? provider;
        const warm = (await session.run(feeds)).y;
        if (!warm || warm.dims.join('x') !== `${n}x${n}`) {
          throw new MethodError('internal', `speed test: the ${n}×${n} MatMul produced [${warm?.dims.join(', ') ?? 'nothing'}]`);
        }
        const got00 = Number(warm.data[0]);
        if (Math.abs(got00 - want00) > 1e-3 * Math.max(1, Math.abs(want00))) {
          throw new MethodError('internal', `speed test: the ${n}×${n} MatMul gave y[0,0] = ${got00}, expected ${want00}`);
        }
        const times: number[] = [];
        for (let r = 0; r < repeats; r++) {
          throwIfCancelled(ctx.signal);
          const start = performance.now();
          await session.run(feeds);
          times.push(performance.now() - start);
          done++;
          ctx.progress(
            done / total,
            `${n}×${n} on ${t} thread${t === 1 ? '' : 's'}: run ${r + 1} of ${repeats} took ${times[r]!.toFixed(1)} ms`,
          );
        }
        const ms = median(times);
        rows.push({ size: n, threads: t, ms, gflops: matmulGflops(n, ms) });
      } finally {
        await session.release();
      }
    }
  }
  return { ort: ortVersion(), provider, repeats, rows };
}
