/**
 * Methods backed by the shipped models. Models load on first use (and stay loaded): the process starts fast, and
 * a studio that never asks for a reward never pays for the model.
 */
import { z } from 'zod';
import type { RetrievalEncoder } from '../models/retrieval/encoder';
import { semanticRewards } from '../models/retrieval/reward';
import { type MethodRegistry, throwIfCancelled } from './registry';
import { shippedRetrieval } from './shipped-models';
import { POSE_SIZE_BODY } from '../../../shared/body';

/** Pairs per batch: enough to keep the matmuls busy, small enough to report progress and honour cancel. */
const REWARD_BATCH = 512;

export const semanticRewardParams = z
  .object({
    texts: z.array(z.string().min(1).max(4000)).min(1).max(65_536),
    /** n × 66 axis-angle body poses (radians), flattened. */
    poses: z.array(z.number().finite()),
  })
  .strict()
  .refine((p) => p.poses.length === p.texts.length * POSE_SIZE_BODY, { message: `poses must hold ${POSE_SIZE_BODY} numbers per text` });

export interface ModelMethodOptions {
  /** Checkpoint directory of the retrieval model (default: the shipped one). */
  retrievalDir?: string;
}

export function registerModelMethods(registry: MethodRegistry, o: ModelMethodOptions = {}): void {
  // Shared with the library search (search-methods.ts): one copy of the model per process.
  const encoder = (): Promise<RetrievalEncoder> => shippedRetrieval(o.retrievalDir);

  registry.register('reward.semantic', {
    params: semanticRewardParams,
    run: async ({ texts, poses }, ctx) => {
      const enc = await encoder();
      const rewards = new Array<number>(texts.length);
      for (let start = 0; start < texts.length; start += REWARD_BATCH) {
        throwIfCancelled(ctx.signal);
        const end = Math.min(texts.length, start + REWARD_BATCH);
        const r = await semanticRewards(enc, texts.slice(start, end), Float32Array.from(poses.slice(start * POSE_SIZE_BODY, end * POSE_SIZE_BODY)));
        r.forEach((v, i) => (rewards[start + i] = v));
        ctx.progress(end / texts.length, `${end} of ${texts.length} pairs`);
      }
      return { rewards, batches: Math.ceil(texts.length / REWARD_BATCH) };
    },
  });
}
