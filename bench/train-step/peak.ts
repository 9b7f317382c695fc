/** Measures ONNX Runtime's float32 MatMul throughput on this machine: the ceiling for our train step. */
import onnxProto from 'onnx-proto';
import { f32, loadSession } from '../../src/main/compute/runtime';

// onnx-proto is CommonJS: under plain Node ESM only its default export exists.
const { onnx } = onnxProto;

/**
 * `chain` MatMuls c_{i+1} = c_i · b in one model, reduced to one scalar output: the Node binding's per-run
 * overhead and its copy of the output into a JS array are amortised and kept out of the MatMul timing
 * (the ReduceSum reads n² values once, against 2·n³·chain FLOPs).
 */
function matmulModel(n: number, chain: number): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const vi = (name: string, dims: number[]): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: F, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  const node: onnxProto.onnx.INodeProto[] = [];
  let prev = 'a';
  for (let i = 0; i < chain; i++) {
    node.push({ opType: 'MatMul', input: [prev, 'b'], output: [`c${i}`] });
    prev = `c${i}`;
  }
  node.push({ opType: 'ReduceSum', input: [prev], output: ['s'], attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'bench/peak',
      graph: { name: 'matmul_peak', node, input: [vi('a', [n, n]), vi('b', [n, n])], output: [vi('s', [])] },
    }),
  ).finish();
}

/** MatMuls per timed run: enough work (≈ 2 GFLOP) that per-run overhead is negligible. */
export function chainLength(n: number): number {
  return Math.min(64, Math.max(2, Math.ceil(2e9 / (2 * n ** 3))));
}

export interface PeakSize {
  n: number;
  /** Best (shortest) of the timed runs, ms per n×n·n×n MatMul. */
  bestMs: number;
  gflops: number;
}

export interface PeakResult {
  /** The size that reached the highest throughput. */
  n: number;
  threads: number;
  bestMs: number;
  gflops: number;
  sizes: PeakSize[];
}

/** Sizes tried: from the model's own (256–1024 wide) up to a large square product. */
export const PEAK_SIZES = [256, 512, 1024, 2048];

/**
 * The best float32 MatMul throughput ORT reaches here: for each size, best of `runs` timed runs after
 * warm-up (load only ever slows a run down, so the fastest is the least disturbed), then the best size.
 * FLOPs = 2·n³ per product (multiply-add = 2).
 */
export async function measureMatmulPeak(opts: { sizes?: readonly number[]; threads: number; runs?: number }): Promise<PeakResult> {
  const sizes: PeakSize[] = [];
  for (const n of opts.sizes ?? PEAK_SIZES) {
    const chain = chainLength(n);
    const session = await loadSession(matmulModel(n, chain), {
      key: `bench-matmul-peak-${n}-${chain}-${opts.threads}`,
      settings: { intraOpThreads: opts.threads, graphOptimization: 'all' },
    });
    const a = new Float32Array(n * n);
    const b = new Float32Array(n * n);
    // b has variance 1/n, so the chained products keep their magnitude (no overflow, no denormals).
    for (let i = 0; i < a.length; i++) {
      a[i] = ((i * 7919) % 1000) / 1000 - 0.5;
      b[i] = ((((i * 104729) % 1000) / 1000 - 0.5) * Math.sqrt(12)) / Math.sqrt(n);
    }
    const feeds = { a: f32(a, [n, n]), b: f32(b, [n, n]) };
    for (let i = 0; i < 2; i++) await session.run(feeds);
    let best = Infinity;
    for (let i = 0; i < (opts.runs ?? 10); i++) {
      const t0 = performance.now();
      await session.run(feeds);
      best = Math.min(best, (performance.now() - t0) / chain);
    }
    await session.release();
    sizes.push({ n, bestMs: best, gflops: (2 * n * n * n) / (best / 1000) / 1e9 });
  }
  const top = sizes.reduce((x, y) => (y.gflops > x.gflops ? y : x));
  return { n: top.n, threads: opts.threads, bestMs: top.bestMs, gflops: top.gflops, sizes };
}

/** Per size, the better of two measurements (before and after the configs). */
export function betterPeak(x: PeakResult, y: PeakResult): PeakResult {
  const sizes = x.sizes.map((s) => {
    const o = y.sizes.find((t) => t.n === s.n);
    return o && o.gflops > s.gflops ? o : s;
  });
  const top = sizes.reduce((p, q) => (q.gflops > p.gflops ? q : p));
  return { n: top.n, threads: x.threads, bestMs: top.bestMs, gflops: top.gflops, sizes };
}
