/**
 * What `pose-studio eval retrieval` and the model card report: Recall@K both ways on the held-out test split
 * (full or pooled protocol), and the semantic reward on matched vs mismatched caption–pose pairs.
 */
import { distribution, type Distribution } from '../../data/dataset/stats';
import { recallFull, recallPooled, type RecallResult } from '../../eval/metrics';
import { type RetrievalEncoder, pairCosines, similarityMatrix } from './encoder';
import { RETRIEVAL_DATA } from './config';
import { type TextPosePairs, textPosePairs } from './pairs';

export type Protocol = { kind: 'full' } | { kind: 'pool'; pool: number; repeats: number; seed: number };

export interface RetrievalEval {
  protocol: Protocol;
  items: number;
  recall: RecallResult;
}

/** The held-out test pairs every retrieval report uses (the test split of the training build). */
export function testPairs(limit?: number): TextPosePairs {
  return textPosePairs(RETRIEVAL_DATA, 'test', limit === undefined ? {} : { limit });
}

/** Embeddings of both sides of aligned pairs. */
export async function embedPairs(encoder: RetrievalEncoder, pairs: TextPosePairs): Promise<{ text: Float32Array; pose: Float32Array }> {
  return { text: await encoder.embedTexts(pairs.texts), pose: await encoder.embedPoses(pairs.poses, pairs.n) };
}

export async function evaluateRetrieval(encoder: RetrievalEncoder, pairs: TextPosePairs, protocol: Protocol): Promise<RetrievalEval> {
  const { text, pose } = await embedPairs(encoder, pairs);
  const sim = similarityMatrix(text, pairs.n, pose, pairs.n, encoder.dim);
  const recall =
    protocol.kind === 'full' ? recallFull(sim, pairs.n) : recallPooled(sim, pairs.n, { pool: protocol.pool, repeats: protocol.repeats, seed: protocol.seed });
  return { protocol, items: pairs.n, recall };
}

export interface RewardSeparation {
  /** cos(text_i, pose_i): each caption with its own pose. */
  matched: Distribution;
  /** cos(text_i, pose_π(i)) for a fixed derangement π: each caption with another test pose. */
  mismatched: Distribution;
  /** P(matched > mismatched) over all pairs of the two samples (ROC AUC). */
  auc: number;
  /** Histograms over [-1, 1] for the report (20 bins). */
  histogram: { edges: number[]; matched: number[]; mismatched: number[] };
}

/** How well the semantic reward tells a caption's own pose from another pose. */
export function rewardSeparation(matched: Float32Array, mismatched: Float32Array): RewardSeparation {
  const a = Array.from(matched);
  const b = Array.from(mismatched);
  const bins = 20;
  const edges = Array.from({ length: bins + 1 }, (_, i) => -1 + (2 * i) / bins);
  const hist = (xs: number[]) => {
    const h = new Array<number>(bins).fill(0);
    for (const x of xs) h[Math.min(bins - 1, Math.max(0, Math.floor(((x + 1) / 2) * bins)))]!++;
    return h;
  };
  return { matched: distribution(a), mismatched: distribution(b), auc: aucOf(a, b), histogram: { edges, matched: hist(a), mismatched: hist(b) } };
}

/** Mann–Whitney estimate of P(x > y) (ties count half), by one sort. */
export function aucOf(pos: readonly number[], neg: readonly number[]): number {
  const all = [...pos.map((v) => ({ v, p: 1 })), ...neg.map((v) => ({ v, p: 0 }))].sort((x, y) => x.v - y.v);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.v === all[i]!.v) j++;
    const mid = (i + j + 1) / 2; // 1-based average rank of the tie run
    for (let k = i; k < j; k++) if (all[k]!.p) rankSum += mid;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/** Semantic rewards of each caption with its own pose and with the pose `shift` places on (a derangement). */
export async function matchedAndMismatched(encoder: RetrievalEncoder, pairs: TextPosePairs, shift = Math.floor(pairs.n / 2)): Promise<RewardSeparation> {
  const { text, pose } = await embedPairs(encoder, pairs);
  const d = encoder.dim;
  const moved = new Float32Array(pose.length);
  for (let i = 0; i < pairs.n; i++) moved.set(pose.subarray(((i + shift) % pairs.n) * d, (((i + shift) % pairs.n) + 1) * d), i * d);
  return rewardSeparation(pairCosines(text, pose, pairs.n, d), pairCosines(text, moved, pairs.n, d));
}

