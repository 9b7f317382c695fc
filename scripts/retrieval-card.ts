// Evaluates the shipped retrieval model and its bag-of-words baseline on the held-out test pairs and writes their
// model cards (resources/models/retrieval{,-bow}/MODEL_CARD.md), the charts in docs/images/retrieval/, and the
// README's retrieval section. Run after both `scripts/train-retrieval.ts --variant transformer|bow`:
//   node --import tsx scripts/retrieval-card.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RETRIEVAL_DATA, type RetrievalTrainConfig } from '../src/main/compute/models/retrieval/config';
import { RetrievalEncoder } from '../src/main/compute/models/retrieval/encoder';
import { evaluateRetrieval, matchedAndMismatched, testPairs, type RetrievalEval, type RewardSeparation } from '../src/main/compute/models/retrieval/evaluate';
import { shippedModelDir } from '../src/main/compute/models/paths';
import { loadTokenizer } from '../src/main/compute/text/tokenizer';
import type { EvalLog, StepLog } from '../src/main/compute/models/retrieval/train';
import { histogram, lineChart } from './lib/svg-chart';

const root = path.resolve(import.meta.dirname, '..');
const ITEMS = 2500;
const POOL = { kind: 'pool' as const, pool: 32, repeats: 10, seed: 1 };
const pct = (x: number) => (100 * x).toFixed(1);
const f3 = (x: number) => x.toFixed(3);

interface TrainingLog {
  command: string;
  trainedAt: string;
  host: { cpu: string; threads: number; node: string };
  data: { trainPairs: number; valPairs: number };
  trainSeconds: number;
  steps: StepLog[];
  evals: EvalLog[];
}

interface Report {
  key: 'retrieval' | 'retrieval-bow';
  title: string;
  dir: string;
  config: RetrievalTrainConfig;
  log: TrainingLog;
  params: number;
  full: RetrievalEval;
  pool: RetrievalEval;
  reward: RewardSeparation;
}

function recallRow(name: string, e: RetrievalEval): string {
  const r = e.recall;
  return `| ${name} | ${[5, 10, 20].map((k) => pct(r.t2p[k]!)).join(' | ')} | ${[5, 10, 20].map((k) => pct(r.p2t[k]!)).join(' | ')} | **${pct(r.mRecall)}** |`;
}

const RECALL_HEAD = '| model | T2P R@5 | T2P R@10 | T2P R@20 | P2T R@5 | P2T R@10 | P2T R@20 | mRecall |\n|---|---:|---:|---:|---:|---:|---:|---:|';

function resultTables(reports: Report[]): string {
  return [
    `Full protocol: each of the ${reports[0]!.full.items.toLocaleString('en-US')} held-out test captions ranked against all ${reports[0]!.full.items.toLocaleString('en-US')} test poses (and each pose against all captions); recall in %.`,
    '',
    RECALL_HEAD,
    ...reports.map((r) => recallRow(r.title, r.full)),
    '',
    `Pooled protocol (PoseScript's variant): the true item among ${POOL.pool - 1} random other test items, ${POOL.repeats} draws per query, seed ${POOL.seed}; recall in %.`,
    '',
    RECALL_HEAD,
    ...reports.map((r) => recallRow(r.title, r.pool)),
  ].join('\n');
}

function rewardTable(reports: Report[]): string {
  const d = (x: RewardSeparation['matched']) => `${f3(x.mean)} | ${f3(x.median)} | ${f3(x.p5)} – ${f3(x.p95)}`;
  return [
    '| model | pairs | mean | median | 5th – 95th percentile | AUC (matched > mismatched) |',
    '|---|---|---:|---:|---:|---:|',
    ...reports.flatMap((r) => [`| ${r.title} | caption with its own pose | ${d(r.reward.matched)} | ${f3(r.reward.auc)} |`, `| | caption with another test pose | ${d(r.reward.mismatched)} | |`]),
  ].join('\n');
}

function architecture(c: RetrievalTrainConfig): string {
  const t = c.model.text;
  const text =
    t.kind === 'transformer'
      ? `bidirectional transformer (${t.layers} pre-LN blocks, width ${t.dim}, ${t.heads} heads, MLP ×${t.mlpRatio}, learned positions, up to ${t.maxLen} tokens), mean-pooled over tokens, then a linear map to ${c.model.embedDim}`
      : `bag of words: the mean of ${t.dim}-d token embeddings (order ignored), then ${t.hidden.length ? `an MLP ${[t.dim, ...t.hidden, c.model.embedDim].join(' → ')} with GELU` : `a linear map to ${c.model.embedDim} (the transformer's text branch without its blocks and positions)`}`;
  return [
    `- Text branch: ${text}; L2-normalised.`,
    `- Pose branch: MLP ${[132, ...c.model.pose.hidden, c.model.embedDim].join(' → ')} with GELU on the 6D rotations of the 22 body joints (global orientation + 21) of the heading-normalised pose; L2-normalised.`,
    `- Loss: symmetric InfoNCE over the batch (text→pose and pose→text cross-entropy, averaged) on logits = s · cos, with a learnable scale s = exp(θ), θ initialised at ln ${c.model.scaleInit}, s capped at ${c.model.scaleMax}.`,
  ].join('\n');
}

function training(r: Report): string {
  const c = r.config;
  const last = r.log.steps.at(-1)!;
  return [
    `- Command: \`${r.log.command}\` (seeded: parameter init and batch order from seed ${c.seed}).`,
    `- ${c.steps.toLocaleString('en-US')} steps × ${c.batch} pairs (batches drawn from length-sorted windows of 16 batches, so little padding is computed); AdamW (β = 0.9/0.98, weight decay ${c.weightDecay} on matrices), peak lr ${c.peakLr} after ${c.warmupSteps} warm-up steps, cosine to ${c.minLr}, gradient clipping at ${c.clipNorm}.`,
    `- Trained ${r.log.trainedAt.slice(0, 10)} on ${r.log.host.cpu}, ${r.log.host.threads} ONNX Runtime threads, ${r.log.host.node}: **${(r.log.trainSeconds / 60).toFixed(1)} min**. Final training loss ${last.loss.toFixed(3)} (ln ${c.batch} = ${Math.log(c.batch).toFixed(3)} at chance), logit scale ${last.scale.toFixed(1)}.`,
    `- Parameters: ${r.params.toLocaleString('en-US')} (float32, ${(r.params * 4 / 2 ** 20).toFixed(1)} MiB).`,
  ].join('\n');
}

function dataSection(r: Report): string {
  const d = RETRIEVAL_DATA;
  return [
    `- Pairs: the \`text2pose\` examples of the seeded build \`pose-studio data build --task text2pose --count ${d.count} --seed ${d.seed}\` (made in memory by the same code): the caption is the text, the SMPL body pose the target.`,
    `- Splits are decided per source pose (library poses, their mirrors and variations stay in one split; sampled poses are fresh): ${r.log.data.trainPairs.toLocaleString('en-US')} training pairs; validation during training on ${r.log.data.valPairs.toLocaleString('en-US')} validation pairs; the numbers below on the first ${ITEMS.toLocaleString('en-US')} test pairs in build order (the default of \`pose-studio eval retrieval\`).`,
    `- Captions are the data engine's posecode captions (3–12 posecodes each, sometimes with the pose's name or an action phrase); sources: library ${d.sources.library}, varied ${d.sources.varied}, procedurally sampled ${d.sources.sampled}.`,
  ].join('\n');
}

async function main() {
  const tokenizer = loadTokenizer();
  console.log('building test pairs…');
  const pairs = testPairs(ITEMS);
  const reports: Report[] = [];
  for (const [key, title] of [
    ['retrieval', 'retrieval model (transformer)'],
    ['retrieval-bow', 'bag-of-words baseline'],
  ] as const) {
    const dir = shippedModelDir(key);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as RetrievalTrainConfig;
    const log = JSON.parse(readFileSync(path.join(dir, 'training-log.json'), 'utf8')) as TrainingLog;
    const enc = await RetrievalEncoder.load(dir, tokenizer);
    console.log(`evaluating ${key}…`);
    const full = await evaluateRetrieval(enc, pairs, { kind: 'full' });
    const pool = await evaluateRetrieval(enc, pairs, POOL);
    const reward = await matchedAndMismatched(enc, pairs);
    const params = enc.store.names().reduce((n, k) => n + enc.store.get(k).data.length, 0);
    await enc.release();
    reports.push({ key, title, dir, config, log, params, full, pool, reward });
    console.log(`  ${key}: full mRecall ${pct(full.recall.mRecall)}, pooled ${pct(pool.recall.mRecall)}, reward AUC ${f3(reward.auc)}`);
  }
  const [model, bow] = reports as [Report, Report];

  const img = path.join(root, 'docs/images/retrieval');
  mkdirSync(img, { recursive: true });
  const colors = { retrieval: '#1f77b4', 'retrieval-bow': '#ff7f0e' };
  writeFileSync(
    path.join(img, 'loss.svg'),
    lineChart({
      title: 'Training loss (symmetric InfoNCE, batch 128)',
      xLabel: 'step',
      yLabel: 'loss',
      yMin: 0,
      series: reports.map((r) => ({ name: r.title, color: colors[r.key], points: r.log.steps.map((s) => [s.step, s.loss] as const) })),
    }),
  );
  writeFileSync(
    path.join(img, 'val-mrecall.svg'),
    lineChart({
      title: `Validation mRecall (full protocol, ${model.log.data.valPairs} pairs)`,
      xLabel: 'step',
      yLabel: 'mRecall (%)',
      yMin: 0,
      series: reports.map((r) => ({ name: r.title, color: colors[r.key], points: r.log.evals.map((e) => [e.step, 100 * e.recall.mRecall] as const) })),
    }),
  );
  for (const r of reports) {
    writeFileSync(
      path.join(img, `reward-${r.key}.svg`),
      histogram({
        title: `Semantic reward, ${r.title} (${pairs.n} test captions)`,
        xLabel: 'cos(text embedding, pose embedding)',
        yLabel: 'fraction of pairs',
        edges: r.reward.histogram.edges,
        series: [
          { name: 'own pose', color: '#2ca02c', counts: r.reward.histogram.matched },
          { name: 'another test pose', color: '#d62728', counts: r.reward.histogram.mismatched },
        ],
      }),
    );
  }

  const gain = model.full.recall.mRecall - bow.full.recall.mRecall;
  const summary = [
    resultTables(reports),
    '',
    gain > 0
      ? `The transformer's text branch beats the bag-of-words baseline by **${pct(gain)} points of mRecall** (full protocol). Posecode captions pair sides and body parts in word order ("the left hand is above the right knee"); a bag of words sees the same tokens for a caption and its left/right-swapped twin.`
      : `The transformer's text branch does **not** beat the bag-of-words baseline here (${pct(gain)} points of mRecall, full protocol).`,
  ].join('\n');

  const card = `# Text–pose retrieval model

The shared text–pose embedding of Pose-RFT Studio. It plays two parts, as in the Pose-RFT paper: the **semantic
reward** of HyGRPO (the cosine between a prompt's text embedding and a generated pose's embedding, served by the
compute process as \`reward.semantic\`) and the **Recall@K evaluator** of text→pose generation
(\`pose-studio eval retrieval\`). Files: \`model.safetensors\` (weights, names as in \`src/main/compute/models/retrieval/net.ts\`),
\`config.json\` (the whole training run config, model architecture under \`model\`), \`training-log.json\` (loss every
10 steps, validation recall). Text is tokenised by \`resources/models/tokenizer\` (${tokenizer.vocabSize} tokens).
This card and its numbers are written by \`scripts/retrieval-card.ts\`.

## Architecture

${architecture(model.config)}

The baseline in \`resources/models/retrieval-bow\` has the same pose branch, loss, data, steps and schedule; only its
text branch differs:

${architecture(bow.config).split('\n')[0]}

## Data

${dataSection(model)}

## Training

${training(model)}

Baseline: ${(bow.log.trainSeconds / 60).toFixed(1)} min, ${bow.params.toLocaleString('en-US')} parameters, \`${bow.log.command}\`.

## How the design was chosen

The first shipped version (learned absolute positions, a 120,000-example build, 2,500 steps; its files are in the
history at commit f1da2ff) **lost to this baseline**: 13.1 vs 16.9 mRecall on the test pairs (full protocol). Its
validation mRecall flattened at 25.9 while the baseline's reached 31.3 — the transformer had more to learn (word
order) from the same 96,000 training captions and ran out of data and steps first. Rotary position embeddings
(relative positions, no position table to learn) were ahead of learned ones at equal steps in validation runs, so
this version uses them, with 400,000 examples (${model.log.data.trainPairs.toLocaleString('en-US')} training pairs) and 4,000 steps; the
baseline was retrained on the same build and schedule, so the comparison below stays like for like.

![training loss](../../../docs/images/retrieval/loss.svg)
![validation mRecall](../../../docs/images/retrieval/val-mrecall.svg)

## Results on held-out test pairs

${summary}

Chance level at ${pairs.n} items is about ${((100 * (5 + 10 + 20)) / 3 / pairs.n).toFixed(2)}% mRecall (full protocol) and ${((100 * (5 + 10 + 20)) / 3 / POOL.pool).toFixed(1)}% (pools of ${POOL.pool}).
These are numbers on synthetic posecode captions of our own skeleton; they are not comparable with PoseScript's
published numbers on human-written captions.

## Semantic reward: matched vs mismatched pairs

The reward for each of the ${pairs.n} test captions with its own pose, and with the pose ${Math.floor(pairs.n / 2)} places on in the
test list (a fixed derangement):

${rewardTable(reports)}

![semantic reward, retrieval model](../../../docs/images/retrieval/reward-retrieval.svg)
![semantic reward, baseline](../../../docs/images/retrieval/reward-retrieval-bow.svg)

## Limits

- Trained only on the data engine's captions: phrasing far from posecode sentences (slang, story context, clothing)
  lands in an untrained part of the text space; words outside the tokenizer's corpus are split into byte-level
  pieces whose embeddings saw little training.
- Heading is removed before the pose branch, so "facing left" cannot be rewarded; the captions never state heading.
- As a reward it can be gamed (HyGRPO should pair it with the posecode-consistency and plausibility rewards).
`;
  writeFileSync(path.join(model.dir, 'MODEL_CARD.md'), card);
  writeFileSync(
    path.join(bow.dir, 'MODEL_CARD.md'),
    `# Bag-of-words retrieval baseline

The baseline of \`pose-studio eval retrieval\`: the retrieval model's pose branch, loss, data and schedule with a
text branch that ignores word order. Full card, architecture and comparison: [../retrieval/MODEL_CARD.md](../retrieval/MODEL_CARD.md).

${architecture(bow.config)}

## Training

${training(bow)}

## Results on held-out test pairs

${resultTables(reports)}

## Semantic reward: matched vs mismatched pairs

${rewardTable([bow])}
`,
  );

  const readme = path.join(root, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const section = `<!-- retrieval:begin -->\n${summary}\n\nSemantic reward (cosine) of a test caption with its own pose vs another test pose: mean ${f3(model.reward.matched.mean)} vs ${f3(model.reward.mismatched.mean)}, AUC ${f3(model.reward.auc)} (baseline: ${f3(bow.reward.matched.mean)} vs ${f3(bow.reward.mismatched.mean)}, AUC ${f3(bow.reward.auc)}). Model card: [resources/models/retrieval/MODEL_CARD.md](resources/models/retrieval/MODEL_CARD.md).\n<!-- retrieval:end -->`;
  const updated = text.replace(/<!-- retrieval:begin -->[\s\S]*<!-- retrieval:end -->/, section);
  if (updated === text && !text.includes(section)) console.warn('README.md has no <!-- retrieval:begin/end --> markers; section not written');
  writeFileSync(readme, updated);
  console.log('wrote the model cards, docs/images/retrieval/*.svg and the README section');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
