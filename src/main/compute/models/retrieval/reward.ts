/**
 * The semantic reward of HyGRPO: cos(φ_text(prompt), φ_pose(pose)) from the retrieval model, for many
 * (text, pose) pairs at once. Texts are embedded once per distinct string (a group of G candidates shares its
 * prompt), poses in batches.
 */
import { POSE_SIZE_BODY } from '../../../../shared/body';
import { pairCosines, type RetrievalEncoder } from './encoder';

export async function semanticRewards(encoder: RetrievalEncoder, texts: readonly string[], poses: Float32Array): Promise<Float32Array> {
  const n = texts.length;
  if (poses.length !== n * POSE_SIZE_BODY) throw new RangeError(`semanticRewards: ${n} texts need ${n * POSE_SIZE_BODY} pose numbers, got ${poses.length}`);
  const distinct = [...new Set(texts)];
  const row = new Map(distinct.map((t, i) => [t, i]));
  const d = encoder.dim;
  const unique = await encoder.embedTexts(distinct);
  const text = new Float32Array(n * d);
  texts.forEach((t, i) => text.set(unique.subarray(row.get(t)! * d, (row.get(t)! + 1) * d), i * d));
  const pose = await encoder.embedPoses(poses, n);
  return pairCosines(text, pose, n, d);
}
