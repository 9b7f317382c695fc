/** Measures ONNX Runtime's float32 MatMul throughput on this machine: the ceiling for our train step. */
import onnxProto from 'onnx-proto';
import { f32, loadSession } from '../../src/main/compute/runtime';

// onnx-proto is CommonJS: under plain Node ESM only its default export exists.
const { onnx } = onnxProto;

function matmulModel(n: number): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const vi = (name: string): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: F, shape: { dim: [{ dimValue: n }, { dimValue: n }] } } },
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'bench/peak',
      graph: { name: 'matmul_peak', node: [{ opType: 'MatMul', input: ['a', 'b'], output: ['c'] }], input: [vi('a'), vi('b')], output: [vi('c')] },
    }),
  ).finish();
}

export interface PeakResult {
  n: number;
  threads: number;
  medianMs: number;
  gflops: number;
}

export async function measureMatmulPeak(opts: { n?: number; threads: number; runs?: number }): Promise<PeakResult> {
  const n = opts.n ?? 1024;
  const session = await loadSession(matmulModel(n), {
    key: `bench-matmul-peak-${n}-${opts.threads}`,
    settings: { intraOpThreads: opts.threads, graphOptimization: 'all' },
  });
  const a = new Float32Array(n * n);
  const b = new Float32Array(n * n);
  for (let i = 0; i < a.length; i++) {
    a[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    b[i] = ((i * 104729) % 1000) / 1000 - 0.5;
  }
  const feeds = { a: f32(a, [n, n]), b: f32(b, [n, n]) };
  for (let i = 0; i < 2; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < (opts.runs ?? 10); i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  await session.release();
  const medianMs = median(times);
  return { n, threads: opts.threads, medianMs, gflops: (2 * n * n * n) / (medianMs / 1000) / 1e9 };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
