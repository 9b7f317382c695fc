/**
 * What the policy reads: `<bos> prompt <sep> answer <eos>` as token ids, where each modality slot of the prompt
 * (`<LANDMARKS>`, `<JOINTS>`) is expanded into one position per landmark or joint. A slot position keeps the
 * slot's token id and adds projected features: the item's numbers and a one-hot of which item it is (so the
 * model knows "this is the left wrist" without a learned table per slot).
 */
import { axisAngleArrayTo6d, normalizeHeading, POSE_SIZE_BODY } from '../../../../shared/body';
import { LANDMARK_ROW } from '../../data/dataset/record';
import type { TextTokenizer } from '../../text/tokenizer';

export const LANDMARK_SLOTS = 33;
export const JOINT_SLOTS = 22;
/** Per-position modality features: landmark (x, y, z, visibility), landmark one-hot, joint 6D, joint one-hot. */
export const MODALITY_FEATURES = 4 + LANDMARK_SLOTS + 6 + JOINT_SLOTS;
const LM_OFF = 0;
const LM_HOT = 4;
const J_OFF = LM_HOT + LANDMARK_SLOTS;
const J_HOT = J_OFF + 6;

/** The non-text inputs a prompt's slots stand for. */
export interface ModalityInputs {
  /** 33 × (x, y, z, visibility) as the data engine normalises them (LANDMARK_ROW numbers). */
  landmarks?: ArrayLike<number>;
  /** An input pose, 66 axis-angle values (read heading-normalised, as 6D per joint). */
  pose?: ArrayLike<number>;
}

export interface PromptTokens {
  ids: number[];
  /** [ids.length, MODALITY_FEATURES]; zero off slots. */
  features: Float32Array;
}

export class SequenceError extends Error {
  constructor(
    readonly code: 'missing_input' | 'too_long',
    message: string,
  ) {
    super(message);
  }
}

/** Per-joint 6D rotations [22 × 6] of a pose with its heading removed (a caption never says where the body faces). */
export function jointFeatures(pose: ArrayLike<number>): Float32Array {
  if (pose.length < POSE_SIZE_BODY) throw new SequenceError('missing_input', `a pose needs ${POSE_SIZE_BODY} numbers, got ${pose.length}`);
  const p = normalizeHeading(Float32Array.from({ length: POSE_SIZE_BODY }, (_, i) => pose[i]!));
  return axisAngleArrayTo6d(p, JOINT_SLOTS, new Float32Array(JOINT_SLOTS * 6));
}

/** `<bos>` + the prompt with its slots expanded + `<sep>`: the part a generation is conditioned on. */
export function encodePrompt(tok: TextTokenizer, prompt: string, inputs: ModalityInputs = {}): PromptTokens {
  const ids: number[] = [tok.specials.bos];
  const rows: { at: number; write: (f: Float32Array, base: number) => void }[] = [];
  let joints: Float32Array | null = null;
  for (const id of tok.encode(prompt)) {
    if (id === tok.specials.landmarks) {
      const lm = inputs.landmarks;
      if (!lm || lm.length < LANDMARK_ROW) throw new SequenceError('missing_input', 'the prompt has a <LANDMARKS> slot but no 33 landmarks were given');
      for (let k = 0; k < LANDMARK_SLOTS; k++) {
        rows.push({
          at: ids.length,
          write: (f, b) => {
            for (let c = 0; c < 4; c++) f[b + LM_OFF + c] = lm[k * 4 + c]!;
            f[b + LM_HOT + k] = 1;
          },
        });
        ids.push(id);
      }
    } else if (id === tok.specials.joints) {
      if (!inputs.pose) throw new SequenceError('missing_input', 'the prompt has a <JOINTS> slot but no pose was given');
      joints ??= jointFeatures(inputs.pose);
      const j6 = joints;
      for (let k = 0; k < JOINT_SLOTS; k++) {
        rows.push({
          at: ids.length,
          write: (f, b) => {
            for (let c = 0; c < 6; c++) f[b + J_OFF + c] = j6[k * 6 + c]!;
            f[b + J_HOT + k] = 1;
          },
        });
        ids.push(id);
      }
    } else {
      ids.push(id);
    }
  }
  ids.push(tok.specials.sep);
  const features = new Float32Array(ids.length * MODALITY_FEATURES);
  for (const r of rows) r.write(features, r.at * MODALITY_FEATURES);
  return { ids, features };
}

/** One supervised example laid out for teacher forcing. */
export interface TrainingSequence extends PromptTokens {
  /** Index of the first answer token (right after `<sep>`). */
  answerStart: number;
  /** Index of the `<POSE>` token in the answer, or −1 when the answer has no pose. */
  posePos: number;
}

/** prompt + answer + `<eos>`; throws `too_long` when it exceeds maxLen (the caller skips such examples). */
export function trainingSequence(tok: TextTokenizer, prompt: string, answer: string, inputs: ModalityInputs, maxLen: number): TrainingSequence {
  const p = encodePrompt(tok, prompt, inputs);
  const answerIds = [...tok.encode(answer), tok.specials.eos];
  const ids = p.ids.concat(answerIds);
  if (ids.length > maxLen) throw new SequenceError('too_long', `${ids.length} tokens exceed the model's ${maxLen}`);
  const features = new Float32Array(ids.length * MODALITY_FEATURES);
  features.set(p.features);
  const poseAt = answerIds.indexOf(tok.specials.pose);
  return { ids, features, answerStart: p.ids.length, posePos: poseAt < 0 ? -1 : p.ids.length + poseAt };
}

/** A padded batch for one teacher-forced step. */
export interface SequenceBatch {
  B: number;
  T: number;
  /** Inputs: positions 0..T-1 (int64 [B, T], `<pad>` after a row's end). */
  ids: BigInt64Array;
  /** Next-token targets [B, T] (ids shifted left; `<pad>` where there is none). */
  targets: BigInt64Array;
  /** 1 where the target is an answer token (the only positions the cross-entropy counts). */
  answerMask: Float32Array;
  features: Float32Array;
  /** One-hot [B, T] at each row's `<POSE>` (all zero for rows without a pose). */
  poseMask: Float32Array;
}

export function collate(seqs: readonly TrainingSequence[], pad: number): SequenceBatch {
  const B = seqs.length;
  const T = Math.max(1, ...seqs.map((s) => s.ids.length));
  const ids = new BigInt64Array(B * T).fill(BigInt(pad));
  const targets = new BigInt64Array(B * T).fill(BigInt(pad));
  const answerMask = new Float32Array(B * T);
  const features = new Float32Array(B * T * MODALITY_FEATURES);
  const poseMask = new Float32Array(B * T);
  seqs.forEach((s, b) => {
    const n = s.ids.length;
    for (let t = 0; t < n; t++) {
      ids[b * T + t] = BigInt(s.ids[t]!);
      if (t + 1 < n) {
        targets[b * T + t] = BigInt(s.ids[t + 1]!);
        // Position t predicts token t+1: count it when t+1 is in the answer.
        if (t + 1 >= s.answerStart) answerMask[b * T + t] = 1;
      }
    }
    features.set(s.features, b * T * MODALITY_FEATURES);
    if (s.posePos >= 0) poseMask[b * T + s.posePos] = 1;
  });
  return { B, T, ids, targets, answerMask, features, poseMask };
}
