/**
 * Text search of the pose library with the retrieval model: a description is embedded and the library poses (and
 * their distinct mirror images) are ranked by cosine similarity. The candidates' embeddings are computed once per
 * loaded model; each query costs one text embedding and a few hundred dot products. The description is phrased as
 * the model's training captions are (captionStyleQuery) before it is embedded.
 */
import path from 'node:path';
import { z } from 'zod';
import { POSE_LIBRARY } from '../data/library';
import type { RetrievalEncoder } from '../models/retrieval/encoder';
import { shippedModelDir } from '../models/paths';
import { rankByCosine, searchCandidates } from '../search/library-ranking';
import { captionStyleQuery } from '../search/query-phrasing';
import type { LibraryPose } from '../data/types';
import { type MethodRegistry, throwIfCancelled } from './registry';
import { shippedRetrieval } from './shipped-models';
import { POSE_SIZE_BODY } from '../../../shared/body';

/** Longest description the search embeds (the text encoder reads at most its maxLen tokens anyway). */
export const MAX_DESCRIPTION_CHARS = 500;

export const rankLibraryParams = z
  .object({
    text: z.string().trim().min(1).max(MAX_DESCRIPTION_CHARS),
    /** At most this many results (default: every candidate). */
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export interface RankedLibraryPose {
  /** A library id, or a library id + '~mirror' for its mirror image. */
  id: string;
  /** Cosine similarity of the description's and the pose's embeddings, in [-1, 1]. */
  score: number;
}

export interface RankLibraryResult {
  results: RankedLibraryPose[];
  /** The text the model embedded: the description phrased as a caption sentence. */
  query: string;
  /** Which model ranked them (directory name, text encoder kind, embedding width). */
  model: string;
}

export interface SearchMethodOptions {
  /** Checkpoint directory of the retrieval model (default: the shipped one). */
  retrievalDir?: string;
  /** The poses to search (default: the authored library); mirrors are added by searchCandidates. */
  library?: readonly LibraryPose[];
}

interface Index {
  candidates: LibraryPose[];
  embeddings: Float32Array;
}

export function registerSearchMethods(registry: MethodRegistry, o: SearchMethodOptions = {}): void {
  // Keyed by the encoder: a model that is loaded again (after a failed load) gets its own embeddings.
  const indexes = new WeakMap<RetrievalEncoder, Promise<Index>>();
  const indexFor = (enc: RetrievalEncoder): Promise<Index> => {
    let p = indexes.get(enc);
    if (!p) {
      p = (async () => {
        const candidates = searchCandidates(o.library ?? POSE_LIBRARY);
        const poses = new Float32Array(candidates.length * POSE_SIZE_BODY);
        candidates.forEach((c, i) => poses.set(c.pose.subarray(0, POSE_SIZE_BODY), i * POSE_SIZE_BODY));
        return { candidates, embeddings: await enc.embedPoses(poses, candidates.length) };
      })();
      p.catch(() => indexes.delete(enc));
      indexes.set(enc, p);
    }
    return p;
  };

  registry.register('retrieval.rankLibrary', {
    params: rankLibraryParams,
    run: async ({ text, limit }, ctx): Promise<RankLibraryResult> => {
      const enc = await shippedRetrieval(o.retrievalDir);
      throwIfCancelled(ctx.signal);
      const index = await indexFor(enc);
      throwIfCancelled(ctx.signal);
      const query = captionStyleQuery(text);
      const ranked = rankByCosine(await enc.embedTexts([query]), index.embeddings, index.candidates.length, enc.dim, limit);
      const dir = o.retrievalDir ?? shippedModelDir('retrieval');
      return {
        results: ranked.map((r) => ({ id: index.candidates[r.index]!.id, score: r.score })),
        query,
        model: `${path.basename(dir)} (${enc.config.text.kind} text encoder, ${enc.dim}-d)`,
      };
    },
  });
}
