/**
 * One HyGRPO rollout: G candidates per query from the sampling (old) policy, the frozen reference read once per
 * candidate over the same sequences, rewards, advantages, and the update step's inputs.
 *
 * The old log-probs are the sampler's own (per drawn token under the sampling temperature; the pose's density
 * under the σ-scale it was drawn with), not a second teacher-forced pass: they are exactly the probabilities the
 * candidates were drawn with, and one pass fewer per step.
 */
import { POSE_SIZE_BODY } from '../../../shared/body';
import { f32, i64, type HostTensor } from '../runtime';
import type { Candidate, GenerationResult, SampleOptions } from '../models/policy/sampler';
import { collate, encodePrompt, MODALITY_FEATURES, type ModalityInputs, type TrainingSequence } from '../models/policy/sequence';
import type { TextTokenizer } from '../text/tokenizer';
import { hygrpoAdvantages, type HyGRPOAdvantages } from './advantages';
import { advantageOptionsOf, type HyGRPOConfig } from './config';
import type { DrawnQuery } from './queries';
import { expectsPose, scoreGroups, type GroupRewards, type RewardCandidate, type RewardQuery } from './rewards';
import { POSE_JOINTS, type ReferenceReadout } from './policy-graph';

/** What the rollout needs of the sampling policy (PolicySampler). */
export interface SamplingPolicy {
  generate(prompt: string, inputs: ModalityInputs, o: SampleOptions): Promise<GenerationResult>;
}

/** What it needs of the reference (ReferencePolicy). */
export interface ReferenceReader {
  read(feeds: { ids: HostTensor; features: HostTensor; targets: HostTensor; pose_mask: HostTensor }): Promise<ReferenceReadout>;
}

/** What it needs of the retrieval model (RetrievalEncoder): unit embeddings of texts and poses. */
export interface RewardEncoder {
  readonly dim: number;
  embedTexts(texts: readonly string[]): Promise<Float32Array>;
  embedPoses(poses: Float32Array, n: number): Promise<Float32Array>;
}

export interface RolloutGroup {
  drawn: DrawnQuery;
  candidates: Candidate[];
}

export interface Rollout {
  groups: RolloutGroup[];
  /** Per candidate (groups laid end to end): components, R_d, R_c, V. */
  rewards: GroupRewards & { groupSize: number };
  advantages: HyGRPOAdvantages;
  /** The teacher-forced sequence of each candidate: prompt, the drawn tokens, `<eos>` when it ended. */
  seqs: TrainingSequence[];
  /** The update step's inputs (names as `hygrpoBatchInputs` and `readPolicy` declare them). */
  feeds: Record<string, HostTensor>;
  B: number;
  T: number;
  seconds: { sample: number; reference: number; reward: number };
}

/** The candidate's sequence for teacher forcing (the sampler's prompt encoding, so positions match). */
export function candidateSequence(tok: TextTokenizer, prompt: string, inputs: ModalityInputs, c: Candidate): TrainingSequence {
  const p = encodePrompt(tok, prompt, inputs);
  const answer = c.ended ? [...c.tokens, tok.specials.eos] : c.tokens;
  if (c.tokenLogProbs.length !== answer.length) throw new Error(`candidate ${c.index}: ${c.tokenLogProbs.length} token log-probs for ${answer.length} answer tokens`);
  const poseAt = answer.indexOf(tok.specials.pose);
  return { ids: p.ids.concat(answer), slots: p.slots, inputs: p.inputs, answerStart: p.ids.length, posePos: poseAt < 0 ? -1 : p.ids.length + poseAt };
}

/** Embeddings the weighted rewards need, attached to the reward inputs (nothing is embedded for a zero weight). */
async function attachEmbeddings(groups: RolloutGroup[], rq: RewardQuery[], rc: RewardCandidate[][], cfg: HyGRPOConfig, encoder: RewardEncoder | null): Promise<void> {
  const d = encoder?.dim ?? 0;
  const needSemantic = cfg.rewardWeights.semantic > 0 && groups.some((g) => g.drawn.query.task === 'text2pose');
  const needText = cfg.rewardWeights.textSimilarity > 0 && groups.some((g) => !expectsPose(g.drawn.query.task));
  if (!needSemantic && !needText) return;
  if (!encoder) throw new Error('the semantic and text-similarity rewards need a retrieval model');
  // Texts in one batch, read back in the same order below.
  const texts: string[] = [];
  const emb = (all: Float32Array, k: number) => all.slice(k * d, (k + 1) * d);
  groups.forEach((g) => {
    const query = g.drawn.query;
    if (needSemantic && query.task === 'text2pose') {
      if (query.caption === undefined) throw new Error(`query ${query.id} has no caption for the semantic reward`);
      texts.push(query.caption);
    }
    if (needText && !expectsPose(query.task)) {
      if (query.referenceAnswer === undefined) throw new Error(`query ${query.id} has no reference answer for the text-similarity reward`);
      texts.push(query.referenceAnswer, ...g.candidates.map((c) => c.text));
    }
  });
  const textEmb = texts.length ? await encoder.embedTexts(texts) : new Float32Array(0);
  const poses: Float32Array[] = [];
  const poseOwners: RewardCandidate[] = [];
  let k = 0;
  groups.forEach((g, q) => {
    const query = g.drawn.query;
    if (needSemantic && query.task === 'text2pose') {
      rq[q]!.captionEmbedding = emb(textEmb, k++);
      g.candidates.forEach((c, i) => {
        if (c.pose) {
          poses.push(c.pose);
          poseOwners.push(rc[q]![i]!);
        }
      });
    }
    if (needText && !expectsPose(query.task)) {
      rq[q]!.referenceTextEmbedding = emb(textEmb, k++);
      for (const c of rc[q]!) c.textEmbedding = emb(textEmb, k++);
    }
  });
  if (poses.length) {
    const flat = new Float32Array(poses.length * POSE_SIZE_BODY);
    poses.forEach((p, i) => flat.set(p, i * POSE_SIZE_BODY));
    const pe = await encoder.embedPoses(flat, poses.length);
    poseOwners.forEach((c, i) => (c.poseEmbedding = emb(pe, i)));
  }
}

/**
 * Samples, reads the reference, scores and normalises one step's groups. `policy` must be the current weights
 * (it is π_old for this step's update).
 */
export async function rollout(
  drawn: readonly DrawnQuery[],
  cfg: HyGRPOConfig,
  m: { policy: SamplingPolicy; reference: ReferenceReader; encoder: RewardEncoder | null; tokenizer: TextTokenizer },
): Promise<Rollout> {
  const tok = m.tokenizer;
  const G = cfg.groupSize;
  const t0 = performance.now();
  const groups: RolloutGroup[] = [];
  for (const d of drawn) {
    const r = await m.policy.generate(d.query.prompt, d.query.inputs, {
      samples: G,
      seed: d.seed,
      temperature: cfg.sampling.temperature,
      sigmaScale: cfg.sampling.sigmaScale,
      maxNewTokens: cfg.sampling.maxNewTokens,
      expects: expectsPose(d.query.task) ? 'pose' : 'text',
    });
    groups.push({ drawn: d, candidates: r.candidates });
  }
  const t1 = performance.now();

  const rq: RewardQuery[] = groups.map((g) => {
    const q = g.drawn.query;
    const r: RewardQuery = { task: q.task };
    if (q.posecodes) r.posecodes = q.posecodes;
    if (q.targetPose) r.targetPose = q.targetPose;
    return r;
  });
  const rc: RewardCandidate[][] = groups.map((g) => g.candidates.map((c) => ({ text: c.text, ended: c.ended, pose: c.pose })));
  await attachEmbeddings(groups, rq, rc, cfg, m.encoder);
  const rewards = scoreGroups(
    groups.map((_, q) => ({ query: rq[q]!, candidates: rc[q]! })),
    cfg.rewardWeights,
    cfg.rewards,
  );
  const advantages = hygrpoAdvantages({ ...rewards, groupSize: G }, advantageOptionsOf(cfg));
  const t2 = performance.now();

  const cands = groups.flatMap((g) => g.candidates);
  const seqs = groups.flatMap((g) => g.candidates.map((c) => candidateSequence(tok, g.drawn.query.prompt, g.drawn.query.inputs, c)));
  const b = collate(seqs, tok.specials.pad);
  const { B, T } = b;
  const base = {
    ids: i64(b.ids, [B, T]),
    features: f32(b.features, [B, T, MODALITY_FEATURES]),
    targets: i64(b.targets, [B, T]),
    pose_mask: f32(b.poseMask, [B, T]),
  };
  const ref = await m.reference.read(base);
  const t3 = performance.now();

  // Old log-probs at the positions that predict answer tokens; 0 elsewhere (masked out before any exp).
  const oldLogp = new Float32Array(B * T);
  seqs.forEach((s, row) => {
    const lp = cands[row]!.tokenLogProbs;
    for (let k = 0; k < lp.length; k++) oldLogp[row * T + s.answerStart - 1 + k] = lp[k]!;
  });
  const k = POSE_SIZE_BODY;
  const poseX = new Float32Array(B * k);
  const oldPose = new Float32Array(B);
  const valid = new Float32Array(B);
  cands.forEach((c, row) => {
    if (rewards.valid[row] && c.pose && c.poseLogProb !== null) {
      valid[row] = 1;
      poseX.set(c.pose, row * k);
      oldPose[row] = c.poseLogProb;
    } else {
      // Outside V: any finite pose (the reference's mean) so the masked rows' backward stays finite.
      poseX.set(ref.mu.subarray(row * k, (row + 1) * k), row * k);
    }
  });
  const feeds: Record<string, HostTensor> = {
    ...base,
    answer_mask: f32(b.answerMask, [B, T]),
    old_logp: f32(oldLogp, [B, T]),
    ref_logp: f32(ref.logProbs, [B, T]),
    adv_text: f32(Float32Array.from(advantages.discrete), [B]),
    pose_x: f32(poseX, [B, k]),
    old_pose_logp: f32(oldPose, [B]),
    ref_mu: f32(ref.mu, [B, k]),
    ref_diag: f32(ref.diag, [B, POSE_JOINTS, 3]),
    ref_off: f32(ref.off, [B, POSE_JOINTS, 3]),
    sigma_scale: f32(new Float32Array(B).fill(cfg.sampling.sigmaScale), [B]),
    pose_valid: f32(valid, [B]),
    adv_pose: f32(Float32Array.from(advantages.continuous), [B]),
  };
  return {
    groups,
    rewards,
    advantages,
    seqs,
    feeds,
    B,
    T,
    seconds: { sample: (t1 - t0) / 1000, reward: (t2 - t1) / 1000, reference: (t3 - t2) / 1000 },
  };
}
