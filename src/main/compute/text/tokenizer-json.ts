/**
 * The project's special tokens and the Hugging Face `tokenizer.json` / `tokenizer_config.json` written from a
 * trained BPE model. Ids of the specials are fixed (models and datasets refer to them by id), so they come first
 * and in this order; the reserved slots keep room for later modalities without shifting the text vocabulary.
 */
import { SPECIAL_TOKENS } from '../data/tasks/templates';
import type { BpeModel } from './bpe-trainer';

export const SPECIALS = {
  pad: '<pad>',
  bos: '<bos>',
  eos: '<eos>',
  /** Between prompt and answer. */
  sep: '<sep>',
  pose: SPECIAL_TOKENS.pose,
  landmarks: SPECIAL_TOKENS.landmarks,
  joints: SPECIAL_TOKENS.joints,
} as const;
export type SpecialName = keyof typeof SPECIALS;

export const RESERVED_SLOTS = 9;

/** Every special token string in id order: `<pad>`=0 … `<JOINTS>`=6, `<reserved_0>`..`<reserved_8>`=7..15. */
export const SPECIAL_TOKEN_LIST: readonly string[] = [
  SPECIALS.pad,
  SPECIALS.bos,
  SPECIALS.eos,
  SPECIALS.sep,
  SPECIALS.pose,
  SPECIALS.landmarks,
  SPECIALS.joints,
  ...Array.from({ length: RESERVED_SLOTS }, (_, i) => `<reserved_${i}>`),
];

/** The tokenizer.json object (Hugging Face `tokenizers` format, BPE model, ByteLevel pre-tokenizer and decoder). */
export interface TokenizerJson {
  version: string;
  truncation: null;
  padding: null;
  added_tokens: {
    id: number;
    content: string;
    single_word: boolean;
    lstrip: boolean;
    rstrip: boolean;
    normalized: boolean;
    special: boolean;
  }[];
  normalizer: null;
  pre_tokenizer: { type: 'ByteLevel'; add_prefix_space: boolean; trim_offsets: boolean; use_regex: boolean };
  post_processor: null;
  decoder: { type: 'ByteLevel'; add_prefix_space: boolean; trim_offsets: boolean; use_regex: boolean };
  model: {
    type: 'BPE';
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: boolean;
    byte_fallback: boolean;
    ignore_merges: boolean;
    vocab: Record<string, number>;
    merges: string[];
  };
}

export type TokenizerConfigJson = Record<string, unknown>;

/** Builds tokenizer.json from a model whose first specials are SPECIAL_TOKEN_LIST (checked). */
export function toTokenizerJson(model: BpeModel): TokenizerJson {
  SPECIAL_TOKEN_LIST.forEach((s, i) => {
    if (model.vocab[i] !== s) throw new Error(`token ${i} must be the special ${s}, got ${model.vocab[i]}`);
  });
  const vocab: Record<string, number> = {};
  model.vocab.forEach((t, i) => (vocab[t] = i));
  const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: model.specials.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    // No normaliser: captions keep their case and accents.
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    // bos/eos are added by the caller (encodeBatch), not by the tokenizer.
    post_processor: null,
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      // Byte-alphabet tokens never contain a space, so the space-joined merge format is unambiguous.
      merges: model.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}

/** tokenizer_config.json: the special-token roles, and no clean-up of spaces on decode (keeps round trips exact). */
export function toTokenizerConfig(model: BpeModel, maxLength = 512): TokenizerConfigJson {
  const decoder: Record<string, unknown> = {};
  model.specials.forEach((content, id) => {
    decoder[String(id)] = { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true };
  });
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: maxLength,
    add_prefix_space: false,
    clean_up_tokenization_spaces: false,
    pad_token: SPECIALS.pad,
    bos_token: SPECIALS.bos,
    eos_token: SPECIALS.eos,
    sep_token: SPECIALS.sep,
    unk_token: null,
    additional_special_tokens: SPECIAL_TOKEN_LIST.slice(4),
    added_tokens_decoder: decoder,
  };
}

/** Stable text of a JSON file (2-space indent, trailing newline), so equal models give byte-identical files. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
