// Trains the project's byte-level BPE tokenizer on the data engine's corpus and writes tokenizer.json,
// tokenizer_config.json and MODEL_CARD.md.
//   node --import tsx scripts/train-tokenizer.ts [--vocab 4096] [--seed 1] [--examples 100000] [--min-frequency 2]
//     [--extra FILE]... [--out resources/models/tokenizer]
// --extra adds the non-empty lines of a UTF-8 text file to the corpus (repeatable), for text the engine does not write.
import fs from 'node:fs';
import path from 'node:path';
import { buildCorpus, DEFAULT_CORPUS_EXAMPLES } from '../src/main/compute/text/corpus';
import { countWords, trainBpeFromCounts, referenceEncoder } from '../src/main/compute/text/bpe-trainer';
import { jsonText, SPECIAL_TOKEN_LIST, toTokenizerConfig, toTokenizerJson } from '../src/main/compute/text/tokenizer-json';
import { tokenizerFromJson } from '../src/main/compute/text/tokenizer';
import { buildContext, buildShard } from '../src/main/compute/data/dataset/shard';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const vocabSize = Number(arg('vocab', '4096'));
const seed = Number(arg('seed', '1'));
const examples = Number(arg('examples', String(DEFAULT_CORPUS_EXAMPLES)));
const minFrequency = Number(arg('min-frequency', '2'));
const out = path.resolve(arg('out', 'resources/models/tokenizer'));
const extras = process.argv.flatMap((a, i) => (a === '--extra' && process.argv[i + 1] ? [process.argv[i + 1]] : []));
for (const [name, v] of [['vocab', vocabSize], ['seed', seed], ['examples', examples], ['min-frequency', minFrequency]] as const) {
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const t0 = performance.now();
const corpus = buildCorpus({ seed, examples });
for (const file of extras) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim().length > 0);
  corpus.texts.push(...lines);
  corpus.composition[`extra: ${path.basename(file)}`] = lines.length;
}
const t1 = performance.now();
const counts = countWords(corpus.texts, SPECIAL_TOKEN_LIST);
const model = trainBpeFromCounts(counts, { vocabSize, specials: SPECIAL_TOKEN_LIST, minFrequency });
const t2 = performance.now();
const json = toTokenizerJson(model);
const config = toTokenizerConfig(model);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'tokenizer.json'), jsonText(json));
fs.writeFileSync(path.join(out, 'tokenizer_config.json'), jsonText(config));

// Checks on held-out text: captions of the val split of a different seed's build (never in the corpus).
const tok = tokenizerFromJson(JSON.parse(jsonText(json)), JSON.parse(jsonText(config)));
const ref = referenceEncoder(model);
const heldBuild = { ...corpus.build, seed: seed + 1000, count: 20_000 };
const heldCtx = buildContext(heldBuild);
const held: string[] = [];
for (let s = 0; s * heldBuild.shardSize < heldBuild.count; s++)
  for (const part of buildShard(heldBuild, s, heldCtx)) if (part.split !== 'train') for (const r of part.records) if (r.caption) held.push(r.caption);
const t3 = performance.now();
const lens = held.map((c) => tok.encode(c).length);
const t4 = performance.now();
let roundTrip = 0, sameAsRef = 0, bytes = 0, tokens = 0;
held.forEach((c, i) => {
  const ids = tok.encode(c);
  if (tok.decode(ids) === c) roundTrip++;
  if (ids.join(',') === ref(c).join(',')) sameAsRef++;
  bytes += Buffer.byteLength(c, 'utf8');
  tokens += lens[i];
});
const words = held.map((c) => c.split(/\s+/).filter(Boolean).length);
const sec = (ms: number) => (ms / 1000).toFixed(1);

const composition = Object.entries(corpus.composition)
  .sort((a, b) => b[1] - a[1])
  .map(([k, v]) => `| ${k} | ${v.toLocaleString('en-US')} |`)
  .join('\n');
const card = `# Tokenizer

Byte-level BPE trained by the project's own trainer (\`src/main/compute/text/bpe-trainer.ts\`) on text the data
engine generates; saved in Hugging Face \`tokenizer.json\` format and loaded with \`@huggingface/tokenizers\`
(\`src/main/compute/text/tokenizer.ts\`).

Made with:

\`\`\`
node --import tsx scripts/train-tokenizer.ts --vocab ${vocabSize} --seed ${seed} --examples ${examples} --min-frequency ${minFrequency}${extras.map((e) => ` --extra ${e}`).join('')} --out ${path.relative(process.cwd(), out) || '.'}
\`\`\`

The script is deterministic: running it again gives a byte-identical \`tokenizer.json\`.

## Model

- Vocabulary: ${model.vocab.length} tokens = ${SPECIAL_TOKEN_LIST.length} specials + 256 byte symbols + ${model.merges.length} merges (target ${vocabSize}).${
  model.vocab.length < vocabSize
    ? `\n  Training stopped short of the target because no pair occurs ${minFrequency} times or more any more: the engine's language is small
  (${counts.size.toLocaleString('en-US')} distinct pre-tokens), so every frequent word is already one token.`
    : ''
}
- Specials (fixed ids): ${SPECIAL_TOKEN_LIST.map((s, i) => `\`${s}\`=${i}`).join(', ')}.
  \`<sep>\` separates prompt and answer; \`<POSE>\` is where the pose head emits a pose; \`<LANDMARKS>\` and \`<JOINTS>\`
  are modality slots; the reserved tokens keep room for later slots.
- Pre-tokenizer: ByteLevel (GPT-2 regex, no prefix space); no normaliser (case and accents kept); decoder ByteLevel;
  no post-processor (bos/eos are added by \`encodeBatch\` when asked).
- Merge order: most frequent pair first, ties broken by the lexicographic order of (left, right); pairs seen fewer
  than ${minFrequency} times are never merged.

## Corpus

Seed ${seed}; a mixed data build of ${examples.toLocaleString('en-US')} examples over all tasks
(${corpus.build.tasks.join(', ')}; equal weights; sources library ${corpus.build.sources.library} / varied
${corpus.build.sources.varied} / sampled ${corpus.build.sources.sampled}; captions of ${corpus.build.captionCodes[0]}–${corpus.build.captionCodes[1]} posecodes), of which only the
**train split** is used, plus the pose library's names, synonyms, action phrases and tags, plus every task template.
${corpus.texts.length.toLocaleString('en-US')} texts, ${counts.size.toLocaleString('en-US')} distinct pre-tokens.

| kind | texts |
|---|---:|
${composition}

## Measurements

On ${held.length.toLocaleString('en-US')} held-out captions (val and test splits of a seed-${heldBuild.seed} build, never in the corpus):

- Tokens per caption: median ${quantile(lens, 0.5)}, p95 ${quantile(lens, 0.95)} (words per caption: median ${quantile(words, 0.5)}).
- Bytes per token: ${(bytes / tokens).toFixed(2)}.
- Round trip \`decode(encode(x)) === x\`: ${roundTrip} / ${held.length}.
- Library encoding equal to the trainer's reference encoder: ${sameAsRef} / ${held.length}.

Time: corpus ${sec(t1 - t0)} s, training ${sec(t2 - t1)} s; encoding the ${held.length.toLocaleString('en-US')} held-out captions took ${sec(t4 - t3)} s (one thread).
`;
fs.writeFileSync(path.join(out, 'MODEL_CARD.md'), card);
console.log(card);
