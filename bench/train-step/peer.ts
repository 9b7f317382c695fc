/** Runs the PyTorch peer (Debian python3-torch via /usr/bin/python3) and parses its JSON line. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  return new Promise((resolve, reject) => {
    const child = spawn(PEER_PYTHON, [SCRIPT, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Keep the peer's BLAS pools to the same thread budget as ours.
      env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
    });
    let out = '';
    let errText = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`torch peer exited ${code}: ${errText.trim().slice(-2000)}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`torch peer printed no JSON: ${out.slice(-500)} ${errText.slice(-500)}`));
      }
    });
  });
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
