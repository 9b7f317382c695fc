/**
 * Resumable checkpoints of a HyGRPO run: the policy's weights (a directory PolicySampler.load reads, so any
 * checkpoint can be sampled from or promoted), the AdamW moments and step counter, and the run state (step, the
 * config). Query draws and sampling seeds are functions of (seed, step) (queries.ts), so the step is the whole
 * data/RNG cursor and a resumed run repeats exactly what the uninterrupted run would have done.
 *
 * A checkpoint is written into a staging directory beside its final name and renamed into place: a process
 * killed at any moment leaves either no checkpoint of that step or a complete one, never a torn one. Staging
 * directories of killed writers are removed by the next save.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, encodeSafetensors, loadParams, readSafetensors, type TensorLike, WEIGHTS_FILE, writeDirectoryAtomic, writeFileSynced } from '../graph/checkpoint';
import type { OptimizerState, ParamStore } from '../graph';
import type { PolicyModelConfig } from '../models/policy/config';
import type { HyGRPOConfig } from './config';

export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const STATE_FILE = 'state.json';

export interface RunState {
  format: 'pose-rft-hygrpo-checkpoint';
  version: 1;
  /** Completed steps: the run continues with step + 1 (1-based). */
  step: number;
  runId: string;
}

/** What config.json holds: the policy's architecture (as PolicySampler.load reads it) and the run's config. */
export interface RunCheckpointConfig {
  model: PolicyModelConfig;
  hygrpo: HyGRPOConfig;
}

export const checkpointDirName = (step: number): string => `step-${String(step).padStart(8, '0')}`;
const STAGING = /\.(tmp|old)-\d+-[0-9a-f]+$/;

export interface SaveRunCheckpointOptions {
  /** Called after every file is written and before the rename (tests use it to fail or stop a save midway). */
  beforeCommit?: (stagingDir: string) => void;
}

/**
 * Writes `<dir>/step-NNNNNNNN` atomically and returns its path and the sha256 of its weights. A checkpoint of the
 * same step already there (a resumed run repeating a step whose database record was lost) is replaced whole.
 */
export function saveRunCheckpoint(
  dir: string,
  c: { store: ParamStore; optimizer: OptimizerState; state: RunState; config: RunCheckpointConfig },
  o: SaveRunCheckpointOptions = {},
): { dir: string; sha256: string } {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(dir)) if (STAGING.test(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  const target = path.join(dir, checkpointDirName(c.state.step));
  const params: Record<string, TensorLike> = {};
  for (const name of c.store.names()) params[name] = c.store.tensor(name);
  const moments: Record<string, TensorLike> = {};
  for (const [name, data] of [...c.optimizer.arrays].sort(([a], [b]) => (a < b ? -1 : 1))) moments[name] = { type: c.optimizer.dtype, data, dims: [data.length] };
  const weights = encodeSafetensors(params);
  writeDirectoryAtomic(target, (staging) => {
    writeFileSynced(path.join(staging, WEIGHTS_FILE), weights);
    writeFileSynced(path.join(staging, OPTIMIZER_FILE), encodeSafetensors(moments, { step: String(c.optimizer.step) }));
    writeFileSynced(path.join(staging, CONFIG_FILE), JSON.stringify(c.config, null, 2) + '\n');
    writeFileSynced(path.join(staging, STATE_FILE), JSON.stringify(c.state, null, 2) + '\n');
    o.beforeCommit?.(staging);
  });
  return { dir: target, sha256: createHash('sha256').update(weights).digest('hex') };
}

/** sha256 of a checkpoint's weights file (to check it against the database record). */
export function checkpointSha256(dir: string): string {
  return createHash('sha256').update(fs.readFileSync(path.join(dir, WEIGHTS_FILE))).digest('hex');
}

/** Loads weights into `store` and the moments and step into `optimizer`; returns the run state and config. */
export function loadRunCheckpoint(dir: string, store: ParamStore, optimizer: OptimizerState): { state: RunState; config: RunCheckpointConfig } {
  const { config } = loadParams<RunCheckpointConfig>(dir, store);
  const state = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as RunState;
  if (state.format !== 'pose-rft-hygrpo-checkpoint') throw new Error(`${dir}: not a HyGRPO run checkpoint`);
  const opt = readSafetensors(path.join(dir, OPTIMIZER_FILE));
  optimizer.arrays.clear();
  for (const [name, t] of Object.entries(opt.tensors)) {
    if (t.type !== optimizer.dtype) throw new Error(`${dir}: optimizer tensor ${name} is ${t.type}, the run uses ${optimizer.dtype}`);
    optimizer.arrays.set(name, (t.data as Float32Array | Float64Array).slice());
  }
  optimizer.step = Number(opt.metadata.step);
  if (optimizer.step !== state.step) throw new Error(`${dir}: optimizer step ${optimizer.step} does not match the run's step ${state.step}`);
  return { state, config };
}
