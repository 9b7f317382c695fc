// Trains the text–pose retrieval model (or a bag-of-words baseline: `bow` matched, `bow-mlp` with an MLP head) from the seeded dataset build and writes a
// checkpoint directory: model.safetensors + config.json (the whole run config) + training-log.json.
// Run: node --import tsx scripts/train-retrieval.ts --variant transformer|bow|bow-mlp [--steps N] [--batch N] [--out DIR]
//      [--threads N]; then scripts/retrieval-card.ts evaluates the shipped pair and writes the model card.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { saveParams } from '../src/main/compute/graph/checkpoint';
import { BOW_MLP_TEXT, BOW_TEXT, defaultTrainConfig, TRANSFORMER_TEXT, type RetrievalTrainConfig } from '../src/main/compute/models/retrieval/config';
import { textPosePairs } from '../src/main/compute/models/retrieval/pairs';
import { trainRetrieval } from '../src/main/compute/models/retrieval/train';
import { shippedModelDir } from '../src/main/compute/models/paths';
import { loadTokenizer } from '../src/main/compute/text/tokenizer';
import { CAPTIONER_VERSION } from '../src/main/compute/data/captioner';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'transformer' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    out: { type: 'string' },
    threads: { type: 'string', default: String(Math.min(2, os.availableParallelism())) },
    'train-limit': { type: 'string' },
    lr: { type: 'string' },
    'text-hidden': { type: 'string' },
    layers: { type: 'string' },
    positions: { type: 'string' },
  },
});

function positionsArg(v: string): 'learned' | 'rotary' {
  if (v !== 'learned' && v !== 'rotary') throw new Error(`--positions must be learned or rotary, got ${v}`);
  return v;
}

function withoutOut(args: string[]): string[] {
  const i = args.findIndex((a) => a === '--out' || a.startsWith('--out='));
  if (i < 0) return args;
  return [...args.slice(0, i), ...args.slice(args[i] === '--out' ? i + 2 : i + 1)];
}

async function main() {
  const variant = values.variant;
  if (variant !== 'transformer' && variant !== 'bow' && variant !== 'bow-mlp') throw new Error('--variant must be transformer, bow or bow-mlp');
  const tokenizer = loadTokenizer();
  const textHidden = values['text-hidden'] ? values['text-hidden'].split(',').map(Number) : undefined;
  const text =
    variant === 'bow'
      ? BOW_TEXT
      : variant === 'bow-mlp'
        ? BOW_MLP_TEXT
        : {
            ...TRANSFORMER_TEXT,
            ...(textHidden ? { hidden: textHidden } : {}), ...(values.layers ? { layers: Number(values.layers) } : {}),
            ...(values.positions ? { positions: positionsArg(values.positions) } : {}),
          };
  const base = defaultTrainConfig(tokenizer.vocabSize, text);
  const cfg: RetrievalTrainConfig = {
    ...base,
    ...(values.steps ? { steps: Number(values.steps), warmupSteps: Math.min(base.warmupSteps, Math.ceil(Number(values.steps) / 10)) } : {}),
    ...(values.batch ? { batch: Number(values.batch) } : {}),
    ...(values.lr ? { peakLr: Number(values.lr), minLr: Number(values.lr) / 20 } : {}),
  };
  const out = values.out ?? shippedModelDir(variant === 'transformer' ? 'retrieval' : variant === 'bow' ? 'retrieval-bow' : 'retrieval-bow-mlp');
  const threads = Number(values.threads);

  const t0 = performance.now();
  const trainLimit = values['train-limit'] ? Number(values['train-limit']) : undefined;
  const train = textPosePairs(cfg.data, 'train', trainLimit ? { limit: trainLimit } : {});
  const val = textPosePairs(cfg.data, 'val', { limit: cfg.evalItems });
  const dataSeconds = (performance.now() - t0) / 1000;
  console.log(`data: ${train.n} train pairs, ${val.n} validation pairs (${dataSeconds.toFixed(1)} s)`);

  const result = await trainRetrieval(
    cfg,
    { train, val },
    tokenizer,
    {
      intraOpThreads: threads,
      onStep: (l) => {
        if (l.step % 50 === 0 || l.step === 1) {
          console.log(`step ${l.step}/${cfg.steps} loss ${l.loss.toFixed(4)} lr ${l.lr.toExponential(2)} |g| ${l.gradNorm.toFixed(2)} scale ${l.scale.toFixed(2)} ${l.seconds.toFixed(0)} s`);
        }
      },
      onEval: (e) => console.log(`  val@${e.step}: mRecall ${(100 * e.recall.mRecall).toFixed(1)}  T2P R@10 ${(100 * e.recall.t2p[10]!).toFixed(1)}  P2T R@10 ${(100 * e.recall.p2t[10]!).toFixed(1)}`),
    },
  );

  mkdirSync(out, { recursive: true });
  saveParams(out, result.store, cfg, { producer: 'scripts/train-retrieval.ts', variant });
  const log = {
    variant,
    // The flags as given, less where the files went: enough to rerun the same training.
    command: ['node --import tsx scripts/train-retrieval.ts', ...withoutOut(process.argv.slice(2))].join(' '),
    trainedAt: new Date().toISOString(),
    host: { cpu: os.cpus()[0]?.model ?? 'unknown', threads, node: process.version },
    captioner: CAPTIONER_VERSION,
    tokenizerVocab: tokenizer.vocabSize,
    data: { trainPairs: train.n, valPairs: val.n, seconds: dataSeconds },
    trainSeconds: result.seconds,
    steps: result.steps.filter((s) => s.step % 10 === 0 || s.step === 1),
    evals: result.evals,
  };
  writeFileSync(path.join(out, 'training-log.json'), JSON.stringify(log, null, 1) + '\n');
  console.log(`wrote ${out} (${result.seconds.toFixed(0)} s of training)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
