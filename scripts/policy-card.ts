// Evaluates the shipped policies — Gaussian head (resources/models/policy) and deterministic head
// (resources/models/policy-deterministic) — on the held-out test split with the protocol of `pose-studio eval policy`,
// and writes the Table-3-style comparison into docs/experiments.md (between <!-- policy-eval:begin/end --> markers),
// the full report to docs/policy-eval.json, and an evaluation section into each model's MODEL_CARD.md (created from
// training-log.json when absent). Run after both `scripts/train-policy.ts --head gaussian|deterministic`:
//   node --import tsx scripts/policy-card.ts [--threads 1]
// Smaller or other runs (e.g. a short checkpoint while developing): --model DIR --baseline DIR|none --prompts N
// --landmarks N --describe N --questions N --samples G --doc PATH (write the comparison elsewhere; cards are written
// into the given model directories).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_EVAL_COUNTS,
  DEFAULT_EVAL_SETTINGS,
  evaluatePolicy,
  evaluateReferences,
  loadPolicyEvalData,
  markdownTable,
  table3,
  type NamedResult,
  type PolicyEvalResult,
  type PolicyEvalSettings,
  type ReferenceRows,
} from '../src/main/compute/eval/policy';
import { shippedModelDir } from '../src/main/compute/models/paths';
import { POLICY_DATA, type PolicyTrainConfig } from '../src/main/compute/models/policy/config';
import { PolicySampler } from '../src/main/compute/models/policy/sampler';
import { RetrievalEncoder } from '../src/main/compute/models/retrieval/encoder';
import { loadTokenizer } from '../src/main/compute/text/tokenizer';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    baseline: { type: 'string' },
    retrieval: { type: 'string' },
    prompts: { type: 'string' },
    landmarks: { type: 'string' },
    describe: { type: 'string' },
    questions: { type: 'string' },
    samples: { type: 'string' },
    threads: { type: 'string', default: '1' },
    doc: { type: 'string' },
  },
});

interface TrainingLog {
  command: string;
  trainedAt: string;
  host: { cpu: string; threads: number; node: string };
  data: { trainSequences: number; tasks: Record<string, number>; valSequences: number };
  trainSeconds: number;
  steps: { step: number; loss: number; ce: number; pose: number }[];
  evals: { step: number; ce: number; pose: number }[];
}

interface Evaluated extends NamedResult {
  key: 'policy' | 'policy-deterministic';
  dir: string;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : (100 * x).toFixed(1));
const mm = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(0));
const meanRecall = (r: { t2p: Record<number, number> }) => ((r.t2p[5]! + r.t2p[10]! + r.t2p[20]!) / 3);

/** Mean and standard error of the paired per-prompt differences a − b. */
function pairedDiff(a: readonly number[], b: readonly number[]): { diff: number; se: number } {
  const d = a.map((x, i) => x - b[i]!);
  const m = d.reduce((s, x) => s + x, 0) / d.length;
  const v = d.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, d.length - 1);
  return { diff: m, se: Math.sqrt(v / d.length) };
}

function protocol(s: PolicyEvalSettings, prompts: Record<string, number>, trainingPoses: number, retrievalDir: string): string {
  return [
    `- Prompts: the first ${prompts.text2pose} text→pose, ${prompts.landmarks2pose} landmarks→pose, ${prompts.pose2text} pose→text and ${prompts['pose-qa']} question examples of the **test split** of the policies' training build (\`POLICY_DATA\`: ${POLICY_DATA.count.toLocaleString('en-US')} examples, seed ${POLICY_DATA.seed}; splits are decided per source pose, so test poses and their library sources are never trained on).`,
    `- Sampling: G = ${s.samples} candidates per prompt, temperature ${s.temperature}, σ-scale ${s.sigmaScale}; prompt i is sampled with seed ${s.seed} + i for both models (the deterministic head returns μ, so its candidates differ only through the sampled answer tokens).`,
    `- Text→pose Recall@K (K = 5, 10, 20): the caption of prompt i and the candidate poses of all prompts are embedded by the retrieval model (\`${path.relative(root, retrievalDir) || retrievalDir}\`); T2P ranks prompt i's pose among the ${prompts.text2pose} prompts' poses (full protocol); pooled recall (pools of ${s.pool}, ${s.repeats} repeats) is in docs/policy-eval.json. **Mean-of-G** = the recall of each draw (candidate g of every prompt) averaged over g; **best-of-G** = per prompt the candidate with the highest retrieval cosine to its caption — a model-side choice a user could make; it never reads the ground truth, but it uses the same retrieval model as the evaluator, so best-of-G recall favours it by construction. The **oracle best-of-G** (highest posecode agreement — reads the ground truth) is reported separately below as an upper bound.`,
    '- Posecode agreement: the fraction of the caption\'s posecodes (the claims the data engine\'s captioner made about the true pose) that the generated pose satisfies under the captioner\'s noise-margin rule — a model-free evaluator independent of the retrieval model.',
    `- APD: mean over prompts of the average pairwise distance of the G generated poses (mm, 22 FK body joints). Joint-limit violations: share of generated text→pose poses with any joint axis beyond the body model's limits, at 0° / 10° of tolerance; the training-data reference uses ${trainingPoses.toLocaleString('en-US')} text→pose targets of the training split.`,
    '- Landmarks→pose: MPJPE and PA-MPJPE (mm) of every sampled candidate against the target, 22 SMPL body joints by our skeleton\'s FK (not comparable with published 3DPW numbers, which use 14 regressed mesh joints).',
    '- Pose→text F1: the posecodes a generated description asserts are read back by the caption parser (`src/main/compute/data/captioner/parse.ts`, 98.9% exact round trip on captioner output); precision = share of asserted posecodes the input pose satisfies, recall = share of the pose\'s measured posecodes whose code is asserted rightly. The reference row\'s value is the same score for the dataset\'s own caption of each pose (a captioner that says 3–12 true things scores well below 1 on recall, so this is the ceiling to read against).',
    '- QA accuracy: share of candidates whose first yes/no (or left/right) word equals the verified answer.',
    '- Random library poses: for each caption one uniformly drawn library pose (authored or mirrored), ignoring the text.',
  ].join('\n');
}

function detailTable(models: readonly Evaluated[]): string {
  const head = ['model', 'valid answers T2P / LM / P2T / QA', 'pooled mRecall mean-of-G / best-of-G', 'oracle best-of-G: agreement, T2P R@5/10/20', 'joint-limit violations of μ (0° / 10°)', 'landmarks MPJPE μ / oracle (mm)', 'PA-MPJPE μ / oracle (mm)', 'pose→text precision / recall', 'QA majority of G'];
  const rows = models.map(({ name, result: r }) => {
    const t = r.text2pose;
    return [
      name,
      [t?.formatValid, r.landmarks2pose?.formatValid, r.pose2text?.formatValid, r.questions?.formatValid].map(pct).join(' / '),
      t ? `${pct(t.recall.meanOfG.pooled.mRecall)} / ${pct(t.recall.bestOfG.pooled.mRecall)}` : '—',
      t ? `${pct(t.posecodeAgreement.oracleBestOfG)}, ${[5, 10, 20].map((k) => pct(t.recall.oracleBestOfG.full.t2p[k])).join(' / ')}` : '—',
      t?.jointLimitsMu ? `${pct(t.jointLimitsMu.rate)} / ${pct(t.jointLimitsMu.rateTol10)}` : '—',
      `${mm(r.landmarks2pose?.mpjpe.mu)} / ${mm(r.landmarks2pose?.mpjpe.oracleBestOfG)}`,
      `${mm(r.landmarks2pose?.paMpjpe.mu)} / ${mm(r.landmarks2pose?.paMpjpe.oracleBestOfG)}`,
      `${pct(r.pose2text?.precision)} / ${pct(r.pose2text?.recall)}`,
      pct(r.questions?.accuracy.majority),
    ];
  });
  return markdownTable({ head, rows });
}

/** The issue's acceptance checks, stated with their numbers (never softened). */
function acceptance(models: readonly Evaluated[], refs: ReferenceRows): string[] {
  const gauss = models.find((m) => m.key === 'policy')?.result;
  const det = models.find((m) => m.key === 'policy-deterministic')?.result;
  const lines: string[] = [];
  const g = gauss?.text2pose;
  if (g && det?.text2pose) {
    const d = det.text2pose;
    const best = pairedDiff(g.perPromptAgreement.bestOfG, d.perPromptAgreement.bestOfG);
    const meanD = pairedDiff(g.perPromptAgreement.meanOfG, d.perPromptAgreement.meanOfG);
    const rBest = meanRecall(g.recall.bestOfG.full) - meanRecall(d.recall.bestOfG.full);
    const rMean = meanRecall(g.recall.meanOfG.full) - meanRecall(d.recall.meanOfG.full);
    const beats = best.diff > 2 * best.se || rBest > 0;
    lines.push(
      `- Gaussian head beats the deterministic head at best-of-G (posecode agreement or T2P Recall@K): **${beats ? 'yes' : 'no'}** — agreement ${pct(g.posecodeAgreement.bestOfG)} vs ${pct(d.posecodeAgreement.bestOfG)} (paired difference ${(100 * best.diff).toFixed(1)} ± ${(100 * best.se).toFixed(1)} points, 1 s.e.), mean T2P R@5/10/20 ${pct(meanRecall(g.recall.bestOfG.full))} vs ${pct(meanRecall(d.recall.bestOfG.full))} (${rBest >= 0 ? '+' : ''}${(100 * rBest).toFixed(1)} points).`,
    );
    const matches = Math.abs(meanD.diff) <= 2 * meanD.se || meanD.diff > 0;
    const mu = gauss?.text2poseMu;
    if (mu) {
      const muD = pairedDiff(mu.perPromptAgreement.meanOfG, d.perPromptAgreement.meanOfG);
      const rMu = meanRecall(mu.recall.meanOfG.full) - meanRecall(d.recall.meanOfG.full);
      const muMatches = Math.abs(muD.diff) <= 2 * muD.se || muD.diff > 0;
      lines.push(
        `- …and matches it at the mean pose μ (σ-scale 0; agreement not worse by more than 2 s.e.): **${muMatches ? 'yes' : 'no'}** — ${pct(mu.posecodeAgreement.meanOfG)} vs ${pct(d.posecodeAgreement.meanOfG)} (paired difference ${(100 * muD.diff).toFixed(1)} ± ${(100 * muD.se).toFixed(1)}); T2P R@5/10/20 ${pct(meanRecall(mu.recall.meanOfG.full))} vs ${pct(meanRecall(d.recall.meanOfG.full))} (${rMu >= 0 ? '+' : ''}${(100 * rMu).toFixed(1)} points).`,
      );
    }
    lines.push(
      `- ${mu ? 'Read as the mean of its G sampled poses (σ-scale 1) instead' : '…and matches it at the mean (mean-of-G agreement not worse by more than 2 s.e.)'}: **${matches ? 'yes' : 'no'}** — ${pct(g.posecodeAgreement.meanOfG)} vs ${pct(d.posecodeAgreement.meanOfG)} (paired difference ${(100 * meanD.diff).toFixed(1)} ± ${(100 * meanD.se).toFixed(1)}); mean-of-G T2P R@5/10/20 ${pct(meanRecall(g.recall.meanOfG.full))} vs ${pct(meanRecall(d.recall.meanOfG.full))} (${rMean >= 0 ? '+' : ''}${(100 * rMean).toFixed(1)} points). A draw from N(μ, Σ) is on average farther from the truth than μ by tr(Σ) in squared error, so sampled poses trail the mean pose unless σ is small.`,
    );
  } else lines.push('- Gaussian vs deterministic head: not checked (one of the two models was not evaluated).');
  for (const m of models) {
    const t = m.result.text2pose;
    if (!t) continue;
    const above = t.posecodeAgreement.meanOfG - refs.randomLibrary.posecodeAgreement;
    lines.push(
      `- ${m.name}: posecode agreement of generated poses for held-out captions ${pct(t.posecodeAgreement.meanOfG)} (mean-of-G) / ${pct(t.posecodeAgreement.bestOfG)} (best-of-G) vs random library poses ${pct(refs.randomLibrary.posecodeAgreement)}: **${above > 0.05 ? 'clearly above' : above > 0 ? 'above, but by less than 5 points' : 'not above'}** (${above >= 0 ? '+' : ''}${(100 * above).toFixed(1)} points).`,
    );
    const mu = m.result.text2poseMu;
    if (mu) {
      const muAbove = mu.posecodeAgreement.meanOfG - refs.randomLibrary.posecodeAgreement;
      lines.push(`  Its mean pose μ (σ-scale 0): ${pct(mu.posecodeAgreement.meanOfG)} (${muAbove >= 0 ? '+' : ''}${(100 * muAbove).toFixed(1)} points over random library poses).`);
    }
    const tr = refs.trainingData.jointLimits;
    if (t.jointLimits && tr) {
      const ok = t.jointLimits.rate <= tr.rate;
      lines.push(
        `- ${m.name}: joint-limit violations ${pct(t.jointLimits.rate)}% of ${m.result.head === 'gaussian' ? 'the raw Gaussian draws' : 'its poses as the head gives them'} (${pct(t.jointLimits.rateTol10)}% at 10° tolerance; mean excess ${t.jointLimits.meanExcessDeg.toFixed(1)}°) vs training data ${pct(tr.rate)}% (${pct(tr.rateTol10)}%): **${ok ? 'no more often than the training data' : 'more often than the training data'}**.`,
      );
      const w = m.result.text2poseWithinLimits;
      if (w?.jointLimits)
        lines.push(
          `  As the studio shows them (each pose moved into the limits, its default): ${pct(w.jointLimits.rate)}% (${pct(w.jointLimits.rateTol10)}% at 10°), with posecode agreement ${pct(w.posecodeAgreement.meanOfG)} mean-of-G / ${pct(w.posecodeAgreement.bestOfG)} best-of-G and T2P R@5/10/20 ${pct(meanRecall(w.recall.meanOfG.full))} mean-of-G (raw: ${pct(t.posecodeAgreement.meanOfG)}, ${pct(meanRecall(t.recall.meanOfG.full))}).`,
        );
    }
  }
  return lines;
}

function cardSection(m: Evaluated, all: readonly Evaluated[], refs: ReferenceRows, docRel: string): string {
  const t = table3([m], refs);
  return [
    '<!-- policy-eval:begin -->',
    '## Evaluation on held-out prompts',
    '',
    `Written by \`scripts/policy-card.ts\` (protocol and the comparison with the ${all.length > 1 ? 'other head' : 'deterministic head'}: [${docRel}](${docRel})); % unless marked mm.`,
    '',
    markdownTable(t),
    '',
    detailTable([m]),
    '<!-- policy-eval:end -->',
  ].join('\n');
}

function newCard(m: Evaluated): string {
  const cfg = JSON.parse(readFileSync(path.join(m.dir, 'config.json'), 'utf8')) as PolicyTrainConfig;
  const logPath = path.join(m.dir, 'training-log.json');
  const log = existsSync(logPath) ? (JSON.parse(readFileSync(logPath, 'utf8')) as TrainingLog) : null;
  const c = cfg.model;
  const last = log?.steps.at(-1);
  return [
    `# Pose language model (policy), ${c.head === 'gaussian' ? 'Gaussian' : 'deterministic'} pose head`,
    '',
    `The studio's policy: a decoder-only transformer over text tokens plus projected landmark / joint tokens; a language-model head answers, and at \`<POSE>\` the ${c.head === 'gaussian' ? 'Gaussian head gives μ (66 axis-angle numbers) and a per-joint 3×3 Cholesky factor of Σ' : 'deterministic head gives μ only (the paper\'s ablation baseline, trained with an L2 loss)'}. Files: \`model.safetensors\`, \`config.json\` (the whole training run config), \`training-log.json\`.`,
    '',
    '## Architecture',
    '',
    `- ${c.layers} pre-LN blocks, width ${c.dim}, ${c.heads} heads, MLP ×${c.mlpRatio}, up to ${c.maxLen} positions, vocabulary ${c.vocab}; pose head MLP ${[c.dim, ...c.headHidden].join(' → ')} → ${c.head === 'gaussian' ? '22 × (3 mean + 6 Cholesky numbers), minimum σ ' + c.minStd + ' rad' : '66'}.`,
    '',
    '## Data and training',
    '',
    `- Data: the seeded multi-task build (tasks ${cfg.data.tasks.join(', ')}; weights ${JSON.stringify(cfg.data.taskWeights ?? {})}; ${cfg.data.count.toLocaleString('en-US')} examples, seed ${cfg.data.seed})${log ? `: ${log.data.trainSequences.toLocaleString('en-US')} training sequences (${Object.entries(log.data.tasks).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}), ${log.data.valSequences} validation` : ''}.`,
    `- ${cfg.steps.toLocaleString('en-US')} steps × ${cfg.batch} examples, AdamW, peak lr ${cfg.peakLr} after ${cfg.warmupSteps} warm-up steps, cosine to ${cfg.minLr}, clip ${cfg.clipNorm}; pose loss weight ${cfg.poseLossWeight}${c.head === 'gaussian' ? `, covariance NLL weight ${cfg.covLossWeight}` : ''}; seed ${cfg.seed}.`,
    log ? `- Command: \`${log.command}\`; trained ${log.trainedAt.slice(0, 10)} on ${log.host.cpu}, ${log.host.threads} ONNX Runtime threads, ${log.host.node}: **${(log.trainSeconds / 60).toFixed(1)} min**.${last ? ` Last logged step ${last.step}: loss ${last.loss.toFixed(3)} (token cross-entropy ${last.ce.toFixed(3)}, pose ${last.pose.toFixed(3)}).` : ''}` : '- No training-log.json beside the checkpoint.',
    '',
  ].join('\n');
}

function writeCard(m: Evaluated, all: readonly Evaluated[], refs: ReferenceRows, docRel: string): void {
  const file = path.join(m.dir, 'MODEL_CARD.md');
  const section = cardSection(m, all, refs, docRel);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : newCard(m);
  const updated = /<!-- policy-eval:begin -->[\s\S]*<!-- policy-eval:end -->/.test(text)
    ? text.replace(/<!-- policy-eval:begin -->[\s\S]*<!-- policy-eval:end -->/, section)
    : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, updated);
}

async function main() {
  const threads = Number(values.threads);
  const counts = {
    ...DEFAULT_EVAL_COUNTS,
    ...(values.prompts ? { text2pose: Number(values.prompts) } : {}),
    ...(values.landmarks ? { landmarks2pose: Number(values.landmarks) } : {}),
    ...(values.describe ? { pose2text: Number(values.describe) } : {}),
    ...(values.questions ? { 'pose-qa': Number(values.questions) } : {}),
  };
  const settings: PolicyEvalSettings = { ...DEFAULT_EVAL_SETTINGS, ...(values.samples ? { samples: Number(values.samples) } : {}) };
  const specs: { key: Evaluated['key']; name: string; dir: string }[] = [];
  if (values.baseline !== 'none') specs.push({ key: 'policy-deterministic', name: 'deterministic head', dir: values.baseline ?? shippedModelDir('policy-deterministic') });
  specs.push({ key: 'policy', name: 'Gaussian head', dir: values.model ?? shippedModelDir('policy') });
  for (const s of specs) if (!existsSync(path.join(s.dir, 'model.safetensors'))) throw new Error(`no checkpoint at ${s.dir} (train it with scripts/train-policy.ts, or pass --baseline none)`);
  const retrievalDir = values.retrieval ?? shippedModelDir('retrieval');
  const docPath = path.resolve(values.doc ?? path.join(root, 'docs/experiments.md'));
  const jsonPath = path.join(path.dirname(docPath), 'policy-eval.json');

  const tokenizer = loadTokenizer();
  const t0 = performance.now();
  console.log('building the held-out prompts…');
  const data = loadPolicyEvalData(POLICY_DATA, counts);
  const prompts = Object.fromEntries(Object.entries(data.tasks).map(([k, v]) => [k, v.length]));
  console.log(`  ${JSON.stringify(prompts)}, ${data.trainingCount} training poses`);
  const retrieval = await RetrievalEncoder.load(retrievalDir, tokenizer, { intraOpThreads: threads });
  const models: Evaluated[] = [];
  let refs: ReferenceRows;
  try {
    refs = await evaluateReferences(retrieval, data, settings);
    for (const s of specs) {
      console.log(`evaluating the ${s.name} (${s.dir})…`);
      const sampler = await PolicySampler.load(s.dir, tokenizer, { intraOpThreads: threads });
      let result: PolicyEvalResult;
      try {
        result = await evaluatePolicy(sampler, retrieval, data, settings, (p) => {
          if (p.done === p.total || p.done % 50 === 0) console.log(`  ${p.task} ${p.done}/${p.total} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        });
      } finally {
        await sampler.release();
      }
      models.push({ ...s, result });
    }
  } finally {
    await retrieval.release();
  }
  const minutes = (performance.now() - t0) / 60_000;

  const section = [
    '<!-- policy-eval:begin -->',
    '## Policy: Gaussian head vs deterministic head (Table 3 style)',
    '',
    `Written by \`node --import tsx scripts/policy-card.ts\` on ${new Date().toISOString().slice(0, 10)} (${minutes.toFixed(0)} min); the same protocol as \`pose-studio eval policy\`. Full report: [policy-eval.json](policy-eval.json).`,
    '',
    protocol(settings, prompts, data.trainingCount, retrievalDir),
    '',
    'Headline numbers (text→pose Recall@K full protocol, posecode agreement, violations, F1 and accuracy in %; APD and pose errors in mm):',
    '',
    markdownTable(table3(models, refs)),
    '',
    'Details (oracle columns read the ground truth; they are upper bounds, not something a user could pick):',
    '',
    detailTable(models),
    '',
    '### Acceptance checks (issue 7)',
    '',
    ...acceptance(models, refs),
    ...(models.length < 2 ? ['', '_Only one head was evaluated: the deterministic-head checkpoint was not available when this was written._'] : []),
    '<!-- policy-eval:end -->',
  ].join('\n');

  mkdirSync(path.dirname(docPath), { recursive: true });
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Experiments\n\nResults of the project\'s evaluation scripts on its own data; each section is rewritten by the script named in it.\n';
  const updated = /<!-- policy-eval:begin -->[\s\S]*<!-- policy-eval:end -->/.test(doc)
    ? doc.replace(/<!-- policy-eval:begin -->[\s\S]*<!-- policy-eval:end -->/, section)
    : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(docPath, updated);
  writeFileSync(
    jsonPath,
    JSON.stringify(
      { split: 'test', dataset: { seed: POLICY_DATA.seed, count: POLICY_DATA.count }, prompts, settings, retrieval: path.relative(root, retrievalDir), references: refs, models: models.map((m) => ({ name: m.name, dir: path.relative(root, m.dir), result: m.result })) },
      null,
      1,
    ) + '\n',
  );
  for (const m of models) writeCard(m, models, refs, path.relative(path.resolve(m.dir), docPath));
  console.log(`wrote ${path.relative(root, docPath) || docPath}, ${path.relative(root, jsonPath) || jsonPath} and ${models.map((m) => path.join(m.dir, 'MODEL_CARD.md')).join(', ')}`);
  for (const l of acceptance(models, refs)) console.log(l);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
