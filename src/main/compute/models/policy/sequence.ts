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

/** Where an expanded slot starts in the token ids. */
export interface SlotSpan {
  at: number;
  kind: 'landmarks' | 'joints';
}

/**
 * Token ids of `<bos> prompt <sep>` with the slots' spans and the inputs they read. The features are written only
 * when a batch is made (`writeFeatures`): a few hundred thousand examples would otherwise hold gigabytes of mostly
 * zero rows, and `inputs` can be views into the dataset's arrays.
 */
export interface PromptTokens {
  ids: number[];
  slots: SlotSpan[];
  inputs: ModalityInputs;
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
  const slots: SlotSpan[] = [];
  for (const id of tok.encode(prompt)) {
    if (id === tok.specials.landmarks) {
      if (!inputs.landmarks || inputs.landmarks.length < LANDMARK_ROW) throw new SequenceError('missing_input', 'the prompt has a <LANDMARKS> slot but no 33 landmarks were given');
      slots.push({ at: ids.length, kind: 'landmarks' });
      for (let k = 0; k < LANDMARK_SLOTS; k++) ids.push(id);
    } else if (id === tok.specials.joints) {
      if (!inputs.pose || inputs.pose.length < POSE_SIZE_BODY) throw new SequenceError('missing_input', 'the prompt has a <JOINTS> slot but no pose was given');
      slots.push({ at: ids.length, kind: 'joints' });
      for (let k = 0; k < JOINT_SLOTS; k++) ids.push(id);
    } else {
      ids.push(id);
    }
  }
  ids.push(tok.specials.sep);
  return { ids, slots, inputs };
}

/**
 * Writes the slot rows of `p` into `out` ([rows, MODALITY_FEATURES], row `row0` = the sequence's position 0):
 * a landmark slot's (x, y, z, visibility) and one-hot index, a joint slot's 6D rotation and one-hot index.
 * Rows that are not slots are left as they are (zero in a fresh array).
 */
export function writeFeatures(out: Float32Array, row0: number, p: Pick<PromptTokens, 'slots' | 'inputs'>): void {
  let joints: Float32Array | null = null;
  for (const span of p.slots) {
    if (span.kind === 'landmarks') {
      const lm = p.inputs.landmarks!;
      for (let k = 0; k < LANDMARK_SLOTS; k++) {
        const b = (row0 + span.at + k) * MODALITY_FEATURES;
        for (let c = 0; c < 4; c++) out[b + LM_OFF + c] = lm[k * 4 + c]!;
        out[b + LM_HOT + k] = 1;
      }
    } else {
      joints ??= jointFeatures(p.inputs.pose!);
      for (let k = 0; k < JOINT_SLOTS; k++) {
        const b = (row0 + span.at + k) * MODALITY_FEATURES;
        for (let c = 0; c < 6; c++) out[b + J_OFF + c] = joints[k * 6 + c]!;
        out[b + J_HOT + k] = 1;
      }
    }
  }
}

/** The dense features [ids.length, MODALITY_FEATURES] of a prompt (zero off slots). */
export function promptFeatures(p: PromptTokens): Float32Array {
  const f = new Float32Array(p.ids.length * MODALITY_FEATURES);
  writeFeatures(f, 0, p);
  return f;
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
  const poseAt = answerIds.indexOf(tok.specials.pose);
  return { ids, slots: p.slots, inputs: p.inputs, answerStart: p.ids.length, posePos: poseAt < 0 ? -1 : p.ids.length + poseAt };
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
    writeFeatures(features, b * T, s);
    if (s.posePos >= 0) poseMask[b * T + s.posePos] = 1;
  });
  return { B, T, ids, targets, answerMask, features, poseMask };
}
