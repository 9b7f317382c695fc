/**
 * `pose-studio eval policy`: the policy's evaluation suite on the held-out test split of its training build, for
 * the shipped Gaussian-head policy and its deterministic-head baseline (the paper's Table 3 ablation), with the
 * reference rows (ground-truth poses, random library poses, training data). Progress goes to stderr.
 */
import { existsSync } from 'node:fs';
import {
  evaluatePolicy,
  evaluateReferences,
  loadPolicyEvalData,
  table3,
  textTable,
  type PolicyEvalResult,
  type PolicyEvalSettings,
  type ReferenceRows,
} from '../compute/eval/policy';
import { shippedModelDir } from '../compute/models/paths';
import { POLICY_DATA } from '../compute/models/policy/config';
import { PolicySampler } from '../compute/models/policy/sampler';
import { RetrievalEncoder } from '../compute/models/retrieval/encoder';
import { loadTokenizer } from '../compute/text/tokenizer';
import type { Command } from './args';
import type { CliIO } from './io';

type EvalPolicyOptions = Omit<Extract<Command, { cmd: 'eval-policy' }>, 'cmd'>;

export interface EvalPolicyReport {
  split: 'test';
  dataset: { seed: number; count: number; tasks: string[] };
  /** Prompts actually used per task (fewer than asked when the split holds fewer). */
  prompts: Record<string, number>;
  settings: PolicyEvalSettings;
  retrieval: string;
  references: ReferenceRows | null;
  models: { name: string; dir: string; result: PolicyEvalResult }[];
  seconds: number;
}

export async function runEvalPolicy(o: EvalPolicyOptions, io: CliIO): Promise<number> {
  const started = performance.now();
  const models = [{ name: 'Gaussian head', dir: o.model ?? shippedModelDir('policy') }];
  if (o.baseline !== 'none') models.unshift({ name: 'deterministic head', dir: o.baseline ?? shippedModelDir('policy-deterministic') });
  const retrievalDir = o.retrieval ?? shippedModelDir('retrieval');
  for (const m of [...models, { name: 'retrieval model', dir: retrievalDir }]) {
    if (!existsSync(m.dir)) {
      io.err(`pose-studio: no ${m.name} at ${m.dir} (train it with scripts/train-${m.name === 'retrieval model' ? 'retrieval' : 'policy'}.ts${m.name === 'deterministic head' ? ' --head deterministic, or pass --baseline none' : ''})`);
      return 1;
    }
  }
  const settings: PolicyEvalSettings = { samples: o.samples, temperature: o.temperature, sigmaScale: o.sigmaScale, seed: o.seed, pool: o.pool, repeats: o.repeats };
  const tokenizer = loadTokenizer();
  io.err(`building the held-out prompts (policy build seed ${POLICY_DATA.seed}, test split)…`);
  const data = loadPolicyEvalData(POLICY_DATA, { text2pose: o.prompts, landmarks2pose: o.landmarks, pose2text: o.describe, 'pose-qa': o.questions, trainingPoses: o.trainingPoses });
  const prompts = Object.fromEntries(Object.entries(data.tasks).map(([k, v]) => [k, v.length]));
  io.err(`prompts: ${Object.entries(prompts).map(([k, v]) => `${k} ${v}`).join(', ')}; ${data.trainingCount} training poses; G = ${settings.samples}`);

  const retrieval = await RetrievalEncoder.load(retrievalDir, tokenizer, { intraOpThreads: o.threads });
  const report: EvalPolicyReport = {
    split: 'test',
    dataset: { seed: POLICY_DATA.seed, count: POLICY_DATA.count, tasks: [...POLICY_DATA.tasks] },
    prompts,
    settings,
    retrieval: retrievalDir,
    references: null,
    models: [],
    seconds: 0,
  };
  try {
    if (data.tasks.text2pose.length >= 2) report.references = await evaluateReferences(retrieval, data, settings);
    for (const m of models) {
      io.err(`evaluating the ${m.name} (${m.dir})…`);
      const sampler = await PolicySampler.load(m.dir, tokenizer, { intraOpThreads: o.threads });
      let lastPct = -1;
      try {
        const result = await evaluatePolicy(sampler, retrieval, data, settings, (p) => {
          const pctDone = Math.floor((10 * p.done) / p.total) * 10;
          if (pctDone !== lastPct || p.done === p.total) io.err(`  ${m.name}: ${p.task} ${p.done}/${p.total}`);
          lastPct = p.done === p.total ? -1 : pctDone;
        });
        report.models.push({ ...m, result });
      } finally {
        await sampler.release();
      }
    }
  } finally {
    await retrieval.release();
  }
  report.seconds = Number(((performance.now() - started) / 1000).toFixed(2));

  if (o.json) {
    io.out(JSON.stringify(report));
    return 0;
  }
  io.out(`Policy evaluation on the held-out test split (${Object.entries(prompts).map(([k, v]) => `${v} ${k}`).join(', ')}), G = ${settings.samples}, temperature ${settings.temperature}, σ-scale ${settings.sigmaScale}, seed ${settings.seed}; % unless marked mm:`);
  for (const l of textTable(table3(report.models, report.references))) io.out(`  ${l}`);
  for (const m of report.models) {
    const t = m.result.text2pose;
    if (!t) continue;
    io.out(
      `  ${m.name}: valid answers ${(100 * t.formatValid).toFixed(1)}%, oracle best-of-G (by posecode agreement, reads the ground truth) agreement ${(100 * t.posecodeAgreement.oracleBestOfG).toFixed(1)}%, pooled mRecall (pools of ${t.recall.meanOfG.pooled.pool}) mean-of-G ${(100 * t.recall.meanOfG.pooled.mRecall).toFixed(1)} / best-of-G ${(100 * t.recall.bestOfG.pooled.mRecall).toFixed(1)}`,
    );
  }
  io.out(`  (${report.seconds} s)`);
  return 0;
}
