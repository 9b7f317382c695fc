// Supervised training (SFT) of the pose language model from the seeded multi-task dataset build; writes a
// checkpoint directory: model.safetensors + config.json (the whole run config) + training-log.json.
// Run: node --import tsx scripts/train-policy.ts --head gaussian|deterministic [--steps N] [--batch N] [--lr X]
//      [--pose-weight X] [--train-limit N] [--threads N] [--out DIR]; then scripts/policy-card.ts evaluates and writes the model cards.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { saveParams } from '../src/main/compute/graph/checkpoint';
import { CAPTIONER_VERSION } from '../src/main/compute/data/captioner';
import { shippedModelDir } from '../src/main/compute/models/paths';
import { defaultPolicyTrainConfig, type PolicyTrainConfig } from '../src/main/compute/models/policy/config';
import { policyExamples, prepareExamples } from '../src/main/compute/models/policy/examples';
import { trainPolicy } from '../src/main/compute/models/policy/train';
import { loadTokenizer } from '../src/main/compute/text/tokenizer';

const { values } = parseArgs({
  options: {
    head: { type: 'string', default: 'gaussian' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    'pose-weight': { type: 'string' },
    out: { type: 'string' },
    threads: { type: 'string', default: String(Math.min(2, os.availableParallelism())) },
    'train-limit': { type: 'string' },
  },
});

function withoutOut(args: string[]): string[] {
  const i = args.findIndex((a) => a === '--out' || a.startsWith('--out='));
  if (i < 0) return args;
  return [...args.slice(0, i), ...args.slice(args[i] === '--out' ? i + 2 : i + 1)];
}

async function main() {
  const head = values.head;
  if (head !== 'gaussian' && head !== 'deterministic') throw new Error('--head must be gaussian or deterministic');
  const tokenizer = loadTokenizer();
  const base = defaultPolicyTrainConfig(tokenizer.vocabSize, head);
  const cfg: PolicyTrainConfig = {
    ...base,
    ...(values.steps ? { steps: Number(values.steps), warmupSteps: Math.min(base.warmupSteps, Math.ceil(Number(values.steps) / 10)) } : {}),
    ...(values.batch ? { batch: Number(values.batch) } : {}),
    ...(values.lr ? { peakLr: Number(values.lr), minLr: Number(values.lr) / 20 } : {}),
    ...(values['pose-weight'] ? { poseLossWeight: Number(values['pose-weight']) } : {}),
  };
  const out = values.out ?? shippedModelDir(head === 'gaussian' ? 'policy' : 'policy-deterministic');
  const threads = Number(values.threads);

  const t0 = performance.now();
  const trainLimit = values['train-limit'] ? Number(values['train-limit']) : undefined;
  const trainEx = policyExamples(cfg.data, 'train', trainLimit ? { limit: trainLimit } : {});
  const train = prepareExamples(tokenizer, trainEx, cfg.model.maxLen);
  const val = prepareExamples(tokenizer, policyExamples(cfg.data, 'val', { limit: cfg.evalItems }), cfg.model.maxLen);
  const dataSeconds = (performance.now() - t0) / 1000;
  const tasks: Record<string, number> = {};
  for (const i of train.source) tasks[trainEx.records[i]!.task] = (tasks[trainEx.records[i]!.task] ?? 0) + 1;
  console.log(`data: ${train.seqs.length} train sequences (${JSON.stringify(tasks)}; ${train.tooLong} too long), ${val.seqs.length} validation (${dataSeconds.toFixed(1)} s)`);

  const result = await trainPolicy(
    cfg,
    { train, val },
    tokenizer,
    {
      intraOpThreads: threads,
      onStep: (l) => {
        if (l.step % 50 === 0 || l.step === 1) {
          console.log(`step ${l.step}/${cfg.steps} loss ${l.loss.toFixed(4)} ce ${l.ce.toFixed(3)} pose ${l.pose.toFixed(3)} lr ${l.lr.toExponential(2)} |g| ${l.gradNorm.toFixed(2)} ${l.seconds.toFixed(0)} s`);
        }
      },
      onEval: (e) => console.log(`  val@${e.step}: ce ${e.ce.toFixed(3)} pose ${e.pose.toFixed(3)}`),
    },
  );

  mkdirSync(out, { recursive: true });
  saveParams(out, result.store, cfg, { producer: 'scripts/train-policy.ts', head });
  const log = {
    head,
    // The flags as given, less where the files went: enough to rerun the same training.
    command: ['node --import tsx scripts/train-policy.ts', ...withoutOut(process.argv.slice(2))].join(' '),
    trainedAt: new Date().toISOString(),
    host: { cpu: os.cpus()[0]?.model ?? 'unknown', threads, node: process.version },
    captioner: CAPTIONER_VERSION,
    tokenizerVocab: tokenizer.vocabSize,
    data: { trainSequences: train.seqs.length, tasks, tooLong: train.tooLong, valSequences: val.seqs.length, seconds: dataSeconds },
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
