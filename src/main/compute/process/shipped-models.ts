/**
 * The shipped models as the compute process's methods share them: each loads on first use and stays loaded, so
 * the process starts fast, a studio that never asks for a model never pays for it, and the reward and the library
 * search use one copy of the retrieval model.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { shippedModelDir } from '../models/paths';
import { RetrievalEncoder } from '../models/retrieval/encoder';
import { loadTokenizer } from '../text/tokenizer';
import { MethodError } from './registry';

/** The files a retrieval checkpoint directory must hold (written by scripts/train-retrieval.ts). */
export const RETRIEVAL_FILES = ['model.safetensors', 'config.json'] as const;

const loaded = new Map<string, Promise<RetrievalEncoder>>();

/**
 * The retrieval encoder of checkpoint directory `dir` (default: the shipped resources/models/retrieval), loaded
 * once per directory. A missing file rejects with MethodError('not_found'); a failed load is forgotten, so the
 * next call tries again (a model being written while the studio runs is picked up once it is complete).
 */
export function shippedRetrieval(dir: string = shippedModelDir('retrieval')): Promise<RetrievalEncoder> {
  const key = path.resolve(dir);
  const cached = loaded.get(key);
  if (cached) return cached;
  const missing = RETRIEVAL_FILES.filter((f) => !existsSync(path.join(key, f)));
  if (missing.length) {
    return Promise.reject(
      new MethodError('not_found', `The retrieval model is not installed: ${missing.join(' and ')} missing in ${key}.`, {
        model: 'retrieval',
        dir: key,
        missing,
      }),
    );
  }
  const p = RetrievalEncoder.load(key, loadTokenizer()).catch((e: unknown) => {
    loaded.delete(key);
    throw e;
  });
  loaded.set(key, p);
  return p;
}

/** Releases every loaded model and forgets it (tests; a process about to exit need not bother). */
export async function releaseShippedModels(): Promise<void> {
  const all = [...loaded.values()];
  loaded.clear();
  await Promise.all(all.map((p) => p.then((e) => e.release()).catch(() => undefined)));
}
