import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext, buildShard } from '../data/dataset/shard';
import { corpusBuildConfig } from './corpus';
import { referenceEncoder, trainBpe, type BpeModel } from './bpe-trainer';
import { jsonText, SPECIAL_TOKEN_LIST, SPECIALS, toTokenizerConfig, toTokenizerJson, type TokenizerJson } from './tokenizer-json';
import { defaultTokenizerDir, loadTokenizer, tokenizerFromJson } from './tokenizer';

const shipped = loadTokenizer();
const shippedJson = JSON.parse(fs.readFileSync(path.join(defaultTokenizerDir(), 'tokenizer.json'), 'utf8')) as TokenizerJson;

/** The BPE model a tokenizer.json holds, for the reference encoder. */
function modelOf(json: TokenizerJson): BpeModel {
  const vocab: string[] = [];
  for (const [t, id] of Object.entries(json.model.vocab)) vocab[id] = t;
  return {
    vocab,
    merges: json.model.merges.map((m) => m.split(' ') as [string, string]),
    specials: json.added_tokens.map((a) => a.content),
  };
}

/** Captions the shipped tokenizer never saw: the val/test splits of another seed's build. */
function heldOutCaptions(n: number): string[] {
  const build = { ...corpusBuildConfig(777, 1200), tasks: ['pose2text' as const] };
  const out: string[] = [];
  for (const part of buildShard(build, 0, buildContext(build))) if (part.split !== 'train') for (const r of part.records) out.push(r.caption!);
  return out.slice(0, n);
}

const HAND_WRITTEN = [
  'A person kneels on the left knee with both arms raised overhead.',
  "She's standing on one leg, the other foot resting against the inner thigh — tree pose.",
  'Café crème: the élève fait un plié. 🙂🤸‍♀️ 太极拳 (tai chi) ありがとう',
  'Tabs\tand  double  spaces,\n\nnew lines   and trailing space   ',
  'Digits 0123456789, 3.14159, -42 and 1e-6; <> < > <<POS E>> POSE pose',
];

describe('shipped tokenizer', () => {
  it('loads from resources/ with the fixed special ids and a trained vocabulary', () => {
    expect(shipped.specials).toEqual({ pad: 0, bos: 1, eos: 2, sep: 3, pose: 4, landmarks: 5, joints: 6 });
    SPECIAL_TOKEN_LIST.forEach((s, i) => {
      expect(shipped.tokenToId(s)).toBe(i);
      expect(shipped.idToToken(i)).toBe(s);
    });
    expect(shipped.tokenToId('<reserved_8>')).toBe(15);
    // Specials + 256 bytes + merges, no more than the 4096 target (the corpus decides how many merges repeat).
    expect(shipped.vocabSize).toBe(16 + 256 + shippedJson.model.merges.length);
    expect(shipped.vocabSize).toBeGreaterThan(1000);
    expect(shipped.vocabSize).toBeLessThanOrEqual(4096);
    // Frequent words of the captions are single tokens.
    for (const w of ['Ġknee', 'Ġleft', 'Ġright', 'Ġbent', 'Ġthe']) expect(shipped.tokenToId(w)).toBeGreaterThanOrEqual(16 + 256);
  });

  it('encodes exactly as the trainer’s reference encoder on held-out text', () => {
    const ref = referenceEncoder(modelOf(shippedJson));
    for (const text of [...heldOutCaptions(150), ...HAND_WRITTEN]) expect(shipped.encode(text)).toEqual(ref(text));
  });

  it('round-trips captions, unicode, whitespace runs and digits', () => {
    for (const text of [...heldOutCaptions(50), ...HAND_WRITTEN, ' leading space', '', 'é', '😀', '日本語']) {
      expect(shipped.decode(shipped.encode(text))).toBe(text);
    }
  });

  it('keeps every special token string one id, never split, and never makes one from ordinary text', () => {
    for (const [i, s] of SPECIAL_TOKEN_LIST.entries()) {
      expect(shipped.encode(s)).toEqual([i]);
      const ids = shipped.encode(`Here is the pose: ${s}.`);
      expect(ids.filter((id) => id < 16)).toEqual([i]);
    }
    const lookalikes = ['<POSE', 'POSE>', '< POSE >', '<pose>', 'POSE', '<JOINT>', 'reserved_0', '<reserved_9>', '<sep >', '<<>>'];
    for (const text of lookalikes) expect(shipped.encode(text).every((id) => id >= 16)).toBe(true);
    expect(shipped.encode('<<POSE>>')).toContain(SPECIAL_TOKEN_LIST.indexOf(SPECIALS.pose));
  });

  it('decodes with or without specials', () => {
    const ids = [shipped.specials.bos, ...shipped.encode('Arms up.'), shipped.specials.pose, shipped.specials.eos];
    expect(shipped.decode(ids)).toBe('<bos>Arms up.<POSE><eos>');
    expect(shipped.decode(ids, { skipSpecial: true })).toBe('Arms up.');
    expect(shipped.decode([shipped.specials.pad, shipped.specials.pad], { skipSpecial: true })).toBe('');
    expect(shipped.decode([])).toBe('');
    expect(shipped.decode(Int32Array.from(shipped.encode('Knees bent.')))).toBe('Knees bent.');
  });
});

describe('encodeBatch', () => {
  const texts = ['The left knee is bent.', 'Arms up.', ''];

  it('pads to the longest row with the pad id and reports lengths', () => {
    const rows = texts.map((t) => shipped.encode(t));
    const b = shipped.encodeBatch(texts, { maxLen: 100 });
    const T = Math.max(...rows.map((r) => r.length));
    expect(b.T).toBe(T);
    expect(b.ids.length).toBe(3 * T);
    expect(Array.from(b.lengths)).toEqual(rows.map((r) => r.length));
    rows.forEach((r, i) => {
      const row = Array.from(b.ids.subarray(i * T, (i + 1) * T), Number);
      expect(row).toEqual([...r, ...Array(T - r.length).fill(shipped.specials.pad)]);
    });
  });

  it('adds bos/eos when asked and truncates from the end at maxLen', () => {
    const long = shipped.encode(texts[0]);
    const b = shipped.encodeBatch(texts, { maxLen: 4, bos: true, eos: true });
    expect(b.T).toBe(4);
    expect(Array.from(b.ids.subarray(0, 4), Number)).toEqual([shipped.specials.bos, ...long.slice(0, 3)]);
    expect(Array.from(b.lengths)).toEqual([4, Math.min(4, shipped.encode(texts[1]).length + 2), 2]);
    expect(Array.from(b.ids.subarray(8, 12), Number)).toEqual([shipped.specials.bos, shipped.specials.eos, 0, 0]);
  });

  it('gives an empty tensor for no texts and refuses a bad maxLen', () => {
    const b = shipped.encodeBatch([], { maxLen: 8 });
    expect(b.T).toBe(0);
    expect(b.ids.length).toBe(0);
    expect(() => shipped.encodeBatch(texts, { maxLen: 0 })).toThrow();
  });
});

describe('tokenizer.json written from a freshly trained model', () => {
  const corpus = ['The left knee is bent. <POSE>', 'The right knee is bent.', '<JOINTS> Describe this pose.', 'Both arms are raised.'];
  const model = trainBpe(corpus, { specials: SPECIAL_TOKEN_LIST, vocabSize: 320 });

  it('is byte-identical across runs and loads in the library, agreeing with the reference encoder', () => {
    const again = trainBpe([...corpus], { specials: SPECIAL_TOKEN_LIST, vocabSize: 320 });
    expect(jsonText(toTokenizerJson(again))).toBe(jsonText(toTokenizerJson(model)));
    const tok = tokenizerFromJson(JSON.parse(jsonText(toTokenizerJson(model))), toTokenizerConfig(model));
    const ref = referenceEncoder(model);
    for (const text of [...HAND_WRITTEN, 'The knees are bent <POSE> here.']) {
      expect(tok.encode(text)).toEqual(ref(text));
      expect(tok.decode(tok.encode(text))).toBe(text);
    }
    expect(tok.vocabSize).toBe(model.vocab.length);
  });

  it('declares the specials as special added tokens with fixed ids', () => {
    const json = toTokenizerJson(model);
    expect(json.added_tokens.map((a) => [a.id, a.content, a.special])).toEqual(SPECIAL_TOKEN_LIST.map((s, i) => [i, s, true]));
    expect(json.normalizer).toBeNull();
    expect(() => toTokenizerJson({ ...model, vocab: ['<x>', ...model.vocab.slice(1)] })).toThrow();
  });
});
