/**
 * The shipped models as the compute process's methods share them: each loads on first use and stays loaded, so
 * the process starts fast, a studio that never asks for a model never pays for it, and the reward and the library
 * search use one copy of the retrieval model.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { shippedModelDir } from '../models/paths';
import { PolicySampler } from '../models/policy/sampler';
import { RetrievalEncoder } from '../models/retrieval/encoder';
import { loadTokenizer } from '../text/tokenizer';
import { MethodError } from './registry';

/** The files a checkpoint directory must hold (written by scripts/train-retrieval.ts and scripts/train-policy.ts). */
export const CHECKPOINT_FILES = ['model.safetensors', 'config.json'] as const;

interface Releasable {
  release(): Promise<void>;
}

const loaded = new Map<string, Promise<Releasable>>();

/**
 * The model of checkpoint directory `dir`, loaded once per directory. A missing file rejects with
 * MethodError('not_found') naming `what` and `how` to make it; a failed load is forgotten, so the next call tries
 * again (a model being written while the studio runs is picked up once it is complete).
 */
function shipped<T extends Releasable>(what: string, how: string, dir: string, load: (dir: string) => Promise<T>): Promise<T> {
  const key = path.resolve(dir);
  const cached = loaded.get(key);
  if (cached) return cached as Promise<T>;
  const missing = CHECKPOINT_FILES.filter((f) => !existsSync(path.join(key, f)));
  if (missing.length) {
    return Promise.reject(
      new MethodError('not_found', `The ${what} is not installed: ${missing.join(' and ')} missing in ${key}. ${how}`, {
        model: path.basename(key),
        dir: key,
        missing,
      }),
    );
  }
  const p = load(key).catch((e: unknown) => {
    loaded.delete(key);
    throw e;
  });
  loaded.set(key, p);
  return p;
}

/** The retrieval encoder (default: the shipped resources/models/retrieval). */
export function shippedRetrieval(dir: string = shippedModelDir('retrieval')): Promise<RetrievalEncoder> {
  return shipped('retrieval model', 'Train it with `node --import tsx scripts/train-retrieval.ts --variant transformer`.', dir, (d) =>
    RetrievalEncoder.load(d, loadTokenizer()),
  );
}

/** A policy and the label generations record it by: directory name @ the first 8 hex digits of its weights' sha256. */
export interface LoadedPolicy extends Releasable {
  sampler: PolicySampler;
  label: string;
}

/** `name` (default: the directory's name) labels a checkpoint whose directory name says nothing, e.g. step-00000010. */
export function shippedPolicy(dir: string, name?: string): Promise<LoadedPolicy> {
  return shipped('policy', 'Train it with `node --import tsx scripts/train-policy.ts`.', dir, async (d) => {
    const sampler = await PolicySampler.load(d, loadTokenizer());
    const sha = createHash('sha256').update(readFileSync(path.join(d, 'model.safetensors'))).digest('hex');
    return { sampler, label: `${name ?? path.basename(d)}@${sha.slice(0, 8)}`, release: () => sampler.release() };
  });
}

/** Releases every loaded model and forgets it (tests; a process about to exit need not bother). */
export async function releaseShippedModels(): Promise<void> {
  const all = [...loaded.values()];
  loaded.clear();
  await Promise.all(all.map((p) => p.then((e) => e.release()).catch(() => undefined)));
}
