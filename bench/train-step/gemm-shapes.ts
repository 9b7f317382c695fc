/**
 * MatMul throughput at the shapes the LM configs actually run (forward x·W, backward dX = dy·Wᵀ and
 * dW = xᵀ·dy), for ORT (Gemm kernel time from ORT's profiler, so the binding's copies do not count) and the
 * torch peer (torch.mm on transposed views, timed in Python). Explains where the matmul-bound config (a)
 * loses or wins against the peer.
 *
 *   node --import tsx bench/train-step/gemm-shapes.ts [--threads N] [--runs 20]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { f32, loadSession, releaseAll } from '../../src/main/compute/runtime';
import { argValue } from '../lib/args';
import { isMainModule, runMain } from '../lib/process';
import { median } from '../lib/stats';
import { runPeerGemmShapes, type GemmShape } from './peer';

const { onnx } = onnxProto;

/** [M, K, N, transA, transB, label]: op(A)[M, K] · op(B)[K, N]. */
export const LM_GEMM_SHAPES: GemmShape[] = [
  { m: 2048, k: 256, n: 768, transA: false, transB: false, label: '(a) fwd x·Wqkv' },
  { m: 2048, k: 256, n: 1024, transA: false, transB: false, label: '(a) fwd x·W1' },
  { m: 2048, k: 1024, n: 256, transA: false, transB: false, label: '(a) fwd h·W2' },
  { m: 2048, k: 1024, n: 256, transA: false, transB: true, label: '(a) bwd dX = dy·W1ᵀ' },
  { m: 2048, k: 256, n: 1024, transA: false, transB: true, label: '(a) bwd dX = dy·W2ᵀ' },
  { m: 256, k: 2048, n: 1024, transA: true, transB: false, label: '(a) bwd dW1 = xᵀ·dy' },
  { m: 1024, k: 2048, n: 256, transA: true, transB: false, label: '(a) bwd dW2 = hᵀ·dy' },
  { m: 128, k: 256, n: 1024, transA: false, transB: false, label: '(b) fwd x·W1' },
  { m: 256, k: 128, n: 1024, transA: true, transB: false, label: '(b) bwd dW1 = xᵀ·dy' },
];

function gemmModel(s: GemmShape): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const vi = (name: string, dims: number[]): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: F, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  const INT = onnx.AttributeProto.AttributeType.INT;
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'gemm_shape',
        node: [{ opType: 'Gemm', input: ['a', 'b'], output: ['c'], attribute: [{ name: 'transA', type: INT, i: s.transA ? 1 : 0 }, { name: 'transB', type: INT, i: s.transB ? 1 : 0 }] }],
        input: [vi('a', s.transA ? [s.k, s.m] : [s.m, s.k]), vi('b', s.transB ? [s.n, s.k] : [s.k, s.n])],
        output: [vi('c', [s.m, s.n])],
      },
    }),
  ).finish();
}

/** Median Gemm kernel time (ms) from ORT's profiler. */
export async function ortGemmMs(s: GemmShape, threads: number, runs: number, dir: string): Promise<number> {
  const session = await loadSession(gemmModel(s), {
    key: `gemm-shape-${s.m}-${s.k}-${s.n}-${s.transA}-${s.transB}-${threads}`,
    settings: { intraOpThreads: threads, profilePrefix: path.join(dir, `gemm-${s.m}-${s.k}-${s.n}`) },
  });
  const a = new Float32Array(s.m * s.k).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const b = new Float32Array(s.k * s.n).map((_, i) => ((i * 104729) % 1000) / 1000 - 0.5);
  const feeds = { a: f32(a, s.transA ? [s.k, s.m] : [s.m, s.k]), b: f32(b, s.transB ? [s.n, s.k] : [s.k, s.n]) };
  for (let i = 0; i < runs + 3; i++) await session.run(feeds);
  const file = session.endProfiling();
  await session.release();
  if (!file) throw new Error('no profile');
  const events = JSON.parse(fs.readFileSync(file, 'utf8')) as { cat: string; name: string; dur: number }[];
  const k = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time')).map((e) => e.dur / 1000);
  return median(k.slice(3));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string, dflt: string): string => argValue(argv, name, dflt);
  const threads = Number(arg('--threads', String(os.availableParallelism())));
  const runs = Number(arg('--runs', '20'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gemm-shapes-'));
  const peer = await runPeerGemmShapes(LM_GEMM_SHAPES, { threads, runs }).catch(() => null);
  console.log('| product | M×K×N | ORT Gemm GFLOP/s | torch mm GFLOP/s |');
  console.log('|---|---|---:|---:|');
  for (const [i, s] of LM_GEMM_SHAPES.entries()) {
    const ms = await ortGemmMs(s, threads, runs, dir);
    const flops = 2 * s.m * s.k * s.n;
    const t = peer?.shapes[i];
    console.log(`| ${s.label} | ${s.m}×${s.k}×${s.n} | ${(flops / ms / 1e6).toFixed(0)} | ${t ? (flops / t.median_ms / 1e6).toFixed(0) : '—'} |`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  await releaseAll();
}

if (isMainModule(import.meta.url)) runMain(main, { stack: true });
