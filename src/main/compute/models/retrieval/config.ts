/**
 * The configuration types of the text–pose retrieval model: the architecture (saved as the checkpoint's
 * config.json) and the one run kind that trains it (`scripts/train-retrieval.ts`).
 */
import type { DatasetBuildConfig } from '../../data/dataset/config';
import { DEFAULT_BUILD_CONFIG } from '../../data/dataset/config';

/** Text branch: a bidirectional transformer, mean-pooled (the model), or a bag of words (the baseline). */
export type TextEncoderConfig =
  /** `hidden`: the MLP between the pooled vector and the embedding (absent: one linear map). */
  | {
      kind: 'transformer';
      dim: number;
      heads: number;
      layers: number;
      mlpRatio: number;
      maxLen: number;
      hidden?: number[];
      /** Absent: 'learned' (checkpoints written before the option existed). */
      positions?: 'learned' | 'rotary';
    }
  /** Masked mean of token embeddings, then an MLP: sees which tokens occur, never their order. */
  | { kind: 'bow'; dim: number; hidden: number[]; maxLen: number };

export interface RetrievalModelConfig {
  format: 'pose-rft-retrieval';
  version: 1;
  /** Vocabulary size of the tokenizer the text branch was trained with. */
  vocab: number;
  text: TextEncoderConfig;
  /** Pose branch: MLP on the 22 joints' 6D rotations (132 numbers) of the heading-normalised pose. */
  pose: { hidden: number[] };
  /** Width of the shared, L2-normalised embedding space. */
  embedDim: number;
  /** Initial value of the learnable logit scale (the contrastive temperature's inverse). */
  scaleInit: number;
  /** Upper bound of the logit scale (keeps an over-confident temperature from blowing up the loss). */
  scaleMax: number;
}

/** One training run of the retrieval model (every field is saved with the checkpoint). */
export interface RetrievalTrainConfig {
  model: RetrievalModelConfig;
  /** The seeded dataset build the text–pose pairs come from (captions as text, the pose as target). */
  data: DatasetBuildConfig;
  steps: number;
  /** Pairs per step; every other pair of the batch is a negative for the contrastive loss. */
  batch: number;
  peakLr: number;
  minLr: number;
  warmupSteps: number;
  weightDecay: number;
  clipNorm: number;
  /** Seeds parameter initialisation and batch order. */
  seed: number;
  /** Validation Recall@K every this many steps, on `evalItems` validation pairs (full protocol). */
  evalEvery: number;
  evalItems: number;
}

export const POSE_FEATURES = 22 * 6;

export const TRANSFORMER_TEXT: TextEncoderConfig = { kind: 'transformer', dim: 128, heads: 4, layers: 3, mlpRatio: 4, maxLen: 128, positions: 'rotary' };
/** The matched baseline: the transformer's text branch without its blocks (mean of token embeddings, then one linear map). */
export const BOW_TEXT: TextEncoderConfig = { kind: 'bow', dim: 128, hidden: [], maxLen: 128 };
/** A stronger bag of words: an MLP on the mean embedding (reported beside the matched baseline). */
export const BOW_MLP_TEXT: TextEncoderConfig = { kind: 'bow', dim: 128, hidden: [512], maxLen: 128 };

export function modelConfig(vocab: number, text: TextEncoderConfig): RetrievalModelConfig {
  return { format: 'pose-rft-retrieval', version: 1, vocab, text, pose: { hidden: [512, 512] }, embedDim: 512, scaleInit: 10, scaleMax: 100 };
}

/** The dataset every shipped retrieval model trains and is evaluated on (text→pose pairs only). */
export const RETRIEVAL_DATA: DatasetBuildConfig = { ...DEFAULT_BUILD_CONFIG, tasks: ['text2pose'], count: 400_000, seed: 11 };

export function defaultTrainConfig(vocab: number, text: TextEncoderConfig = TRANSFORMER_TEXT): RetrievalTrainConfig {
  return {
    model: modelConfig(vocab, text),
    data: RETRIEVAL_DATA,
    steps: 4000,
    batch: 128,
    peakLr: 1e-3,
    minLr: 5e-5,
    warmupSteps: 150,
    weightDecay: 0.01,
    clipNorm: 1,
    seed: 1,
    evalEvery: 250,
    evalItems: 1000,
  };
}
