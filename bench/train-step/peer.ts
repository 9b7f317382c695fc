/** Runs the PyTorch peer (Debian python3-torch via /usr/bin/python3) and parses its JSON line. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJsonLine } from '../lib/process';
import type { ConfigId } from './configs';

export const PEER_PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'peers', 'torch_train_step.py');

export interface PeerResult {
  peer: string;
  torch: string;
  /** BLAS/LAPACK libraries the peer process mapped (Debian's torch links the generic libblas.so.3). */
  blas: string[];
  config: string;
  threads: number;
  batch: number;
  params: number;
  step_ms: number[];
  median_step_ms: number;
  samples_per_s: number;
  first_loss: number;
  last_loss: number;
}

/** Null when the peer cannot run here, with the reason. */
export function peerUnavailable(): string | null {
  if (!fs.existsSync(PEER_PYTHON)) return `${PEER_PYTHON} not found`;
  return null;
}

export function runPeer(config: ConfigId, opts: { threads: number; warmup: number; steps: number }): Promise<PeerResult> {
  return runJson<PeerResult>(
    ['--config', config, '--threads', String(opts.threads), '--warmup', String(opts.warmup), '--steps', String(opts.steps)],
    opts.threads,
  );
}

function runJson<T>(args: string[], threads: number): Promise<T> {
  // Keep the peer's BLAS pools to the same thread budget as ours.
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  return runJsonLine<T>('torch peer', PEER_PYTHON, [SCRIPT, ...args], env);
}

export interface PeerPeak {
  torch: string;
  blas: string[];
  threads: number;
  sizes: { n: number; best_ms: number; gflops: number }[];
}

/** torch.mm throughput of the peer at the given sizes (best of `runs`), for comparing BLAS ceilings. */
export function runPeerPeak(sizes: readonly number[], opts: { threads: number; runs: number }): Promise<PeerPeak> {
  return runJson<PeerPeak>(['--matmul-peak', sizes.join(','), '--threads', String(opts.threads), '--runs', String(opts.runs)], opts.threads);
}

export interface GemmShape {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  label: string;
}

/** torch.mm median time per shape (op(A)[M, K] · op(B)[K, N] on transposed views where flagged). */
export function runPeerGemmShapes(shapes: readonly GemmShape[], opts: { threads: number; runs: number }): Promise<{ shapes: { median_ms: number }[] }> {
  const spec = shapes.map((s) => `${s.m}x${s.k}x${s.n}x${s.transA ? 1 : 0}${s.transB ? 1 : 0}`).join(',');
  return runJson(['--gemm-shapes', spec, '--threads', String(opts.threads), '--runs', String(opts.runs)], opts.threads);
}
