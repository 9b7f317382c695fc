/**
 * The text tokenizer every model uses: our trained tokenizer.json, encoded and decoded by Hugging Face's
 * tokenizers library (the only module that imports it). Adds batching into the padded id tensor models read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { findAppRoot } from '../../services/app-paths';
import { SPECIALS, type SpecialName } from './tokenizer-json';

export interface EncodeBatchOptions {
  /** Longest row kept; longer texts are cut at the end (after bos/eos are added, so eos may be cut). */
  maxLen: number;
  bos?: boolean;
  eos?: boolean;
}

export interface EncodedBatch {
  /** [n × T] ids, row-major, padded with the pad id. */
  ids: BigInt64Array;
  /** Real (unpadded) length of each row. */
  lengths: Int32Array;
  /** Row length: the longest row, clipped to maxLen. */
  T: number;
}

export interface TextTokenizer {
  vocabSize: number;
  specials: Record<SpecialName, number>;
  /** Ids of a text, no bos/eos added; special strings in the text become their one id. */
  encode(text: string): number[];
  encodeBatch(texts: readonly string[], options: EncodeBatchOptions): EncodedBatch;
  decode(ids: ArrayLike<number>, options?: { skipSpecial?: boolean }): string;
  idToToken(id: number): string | undefined;
  tokenToId(token: string): number | undefined;
}

/** resources/models/tokenizer under the app root (found from this module in source, tests and the built bundle). */
export function defaultTokenizerDir(): string {
  const root = findAppRoot();
  if (!root) throw new Error('cannot find the app root (package.json of pose-rft-studio) to locate resources/');
  return path.join(root, 'resources', 'models', 'tokenizer');
}

/** Loads tokenizer.json and tokenizer_config.json from a directory (default: the shipped tokenizer). */
export function loadTokenizer(dir: string = defaultTokenizerDir()): TextTokenizer {
  const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  return tokenizerFromJson(read('tokenizer.json'), read('tokenizer_config.json'));
}

export function tokenizerFromJson(json: unknown, config: unknown): TextTokenizer {
  const tok = new Tokenizer(json as object, config as object);
  const vocab = tok.get_vocab(true);
  const specials = {} as Record<SpecialName, number>;
  for (const name of Object.keys(SPECIALS) as SpecialName[]) {
    const id = tok.token_to_id(SPECIALS[name]);
    if (id === undefined) throw new Error(`tokenizer has no ${SPECIALS[name]} token`);
    specials[name] = id;
  }
  let vocabSize = 0;
  for (const id of vocab.values()) vocabSize = Math.max(vocabSize, id + 1);

  const encode = (text: string): number[] => (text.length === 0 ? [] : tok.encode(text, { add_special_tokens: false }).ids);

  return {
    vocabSize,
    specials,
    encode,
    encodeBatch(texts, { maxLen, bos = false, eos = false }) {
      if (!(Number.isInteger(maxLen) && maxLen >= 1)) throw new Error('maxLen must be a positive integer');
      const rows = texts.map((t) => {
        const ids = encode(t);
        if (bos) ids.unshift(specials.bos);
        if (eos) ids.push(specials.eos);
        return ids.length > maxLen ? ids.slice(0, maxLen) : ids;
      });
      const T = rows.reduce((m, r) => Math.max(m, r.length), 0);
      const out = new BigInt64Array(rows.length * T).fill(BigInt(specials.pad));
      const lengths = new Int32Array(rows.length);
      rows.forEach((r, i) => {
        lengths[i] = r.length;
        for (let k = 0; k < r.length; k++) out[i * T + k] = BigInt(r[k]);
      });
      return { ids: out, lengths, T };
    },
    decode(ids, options = {}) {
      const list = Array.from(ids);
      // The library refuses an empty list.
      if (list.length === 0) return '';
      return tok.decode(list, { skip_special_tokens: options.skipSpecial ?? false, clean_up_tokenization_spaces: false });
    },
    idToToken: (id) => tok.id_to_token(id),
    tokenToId: (token) => tok.token_to_id(token),
  };
}
