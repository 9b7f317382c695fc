/**
 * What a run shows about each checkpoint while it trains: a small held-out text→pose evaluation (validation split
 * of the query build, never the test split the reported numbers come from, so picking a checkpoint by it does not
 * peek at the test set) and a fixed probe set — the same descriptions and seeds at every checkpoint, so a gallery of
 * them shows the policy change and nothing else.
 */
import { POSE_SIZE_BODY } from '../../../shared/body';
import { posecodeAgreement, type Posecode } from '../data/captioner';
import { jointLimitViolationRate } from '../eval/metrics/limits';
import { textToPoseInstruction } from '../models/policy/instructions';
import type { GenerationResult, SampleOptions } from '../models/policy/sampler';
import type { ModalityInputs } from '../models/policy/sequence';
import { policyExamples } from '../models/policy/examples';
import type { HyGRPOConfig } from './config';
export { DEFAULT_EVAL_PROMPTS } from './config';
import { captionStyleQuery } from '../search/query-phrasing';
import { queryBuild } from './queries';
import type { RewardEncoder } from './rollout';

/** Descriptions every checkpoint renders (one per family of body configuration the captions cover). */
export const PROBE_PROMPTS: readonly string[] = [
  'standing with both arms raised above the head',
  'kneeling on the left knee',
  'sitting with the legs crossed',
  'lunging forward with the right leg bent',
  'bending forward to touch the toes',
  'arms stretched out to the sides at shoulder height',
];
/** Seed of probe i is PROBE_SEED + i, at every checkpoint of every run. */
export const PROBE_SEED = 7;
/** Candidates per held-out prompt. */
export const EVAL_SAMPLES = 4;

export interface HeldOutSummary {
  /** Held-out prompts evaluated. */
  items: number;
  /** Mean retrieval cosine of each caption with the head's mean pose μ (the σ-scale-0 answer). */
  semanticMu: number;
  /** The same with the drawn poses (σ-scale 1). */
  semanticSample: number;
  /** Mean share of the caption's posecodes μ satisfies. */
  posecodeMu: number;
  /** Share of drawn poses outside some joint limit. */
  violationRate: number;
  /** Share of candidates whose answer parsed with one pose slot. */
  formatRate: number;
}

export interface ProbeResult {
  prompt: string;
  seed: number;
  /** 66 axis-angle numbers; null when the answer had no pose slot. */
  mu: number[] | null;
  sample: number[] | null;
  /** Retrieval cosine of the description with μ. */
  semanticMu: number | null;
}

export interface CheckpointEvaluation {
  step: number;
  heldOut: HeldOutSummary;
  probes: ProbeResult[];
  seconds: number;
}

/** What the evaluation needs of a policy (PolicySampler has it). */
export interface ProbeGenerator {
  generate(prompt: string, inputs: ModalityInputs, o: SampleOptions): Promise<GenerationResult>;
}

export interface HeldOutPrompt {
  /** The dataset record's id. */
  id: string;
  prompt: string;
  caption: string;
  posecodes: readonly Posecode[];
}

/**
 * The first `n` text→pose examples of the validation split of the run's query build (runs pick checkpoints by
 * these); reports take the test split.
 */
export function heldOutPrompts(cfg: HyGRPOConfig, n: number, split: 'val' | 'test' = 'val'): HeldOutPrompt[] {
  if (n <= 0) return [];
  const build = queryBuild(cfg);
  const out: HeldOutPrompt[] = [];
  // The query build itself (not a text→pose-only rebuild, which would draw other examples): its validation split
  // mixes tasks, so read past n until n of them are text→pose.
  const share = (build.taskWeights?.text2pose ?? 1) / Math.max(1e-9, build.tasks.reduce((s, t) => s + (build.taskWeights?.[t] ?? 1), 0));
  const ex = policyExamples(build, split, { limit: Math.ceil((2 * n) / Math.max(share, 0.05)) + 16 });
  for (const r of ex.records) {
    if (r.task !== 'text2pose' || r.caption === undefined) continue;
    out.push({ id: r.id, prompt: r.prompt, caption: r.caption, posecodes: (r.posecodes ?? []) as Posecode[] });
  }
  return out.slice(0, n);
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

function dotRows(a: Float32Array, i: number, b: Float32Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[i * d + k]! * b[j * d + k]!;
  return s;
}

function stack(poses: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(poses.length * POSE_SIZE_BODY);
  poses.forEach((p, i) => out.set(p.subarray(0, POSE_SIZE_BODY), i * POSE_SIZE_BODY));
  return out;
}

/** Cosine of text t_i with pose p_k for pairs (i, k): one batch of texts, one of poses. */
async function pairCosines(encoder: RewardEncoder, texts: readonly string[], poses: readonly Float32Array[], textOf: readonly number[]): Promise<number[]> {
  if (poses.length === 0) return [];
  const d = encoder.dim;
  const t = await encoder.embedTexts(texts);
  const p = await encoder.embedPoses(stack(poses), poses.length);
  return textOf.map((i, k) => dotRows(t, i, p, k, d));
}

/**
 * Evaluates the policy as it is now: `samples` candidates for each held-out prompt (seed `cfg.seed + i`, the run's
 * temperature, σ-scale 1), and one candidate per probe. Deterministic for given weights.
 */
export async function evaluateCheckpoint(step: number, policy: ProbeGenerator, encoder: RewardEncoder | null, prompts: readonly HeldOutPrompt[], cfg: HyGRPOConfig): Promise<CheckpointEvaluation> {
  const t0 = performance.now();
  const temperature = cfg.sampling.temperature;
  const mus: Float32Array[] = [];
  const draws: Float32Array[] = [];
  const muOwner: number[] = [];
  const drawOwner: number[] = [];
  const agreement: number[] = [];
  let formatOk = 0;
  let total = 0;
  for (let i = 0; i < prompts.length; i++) {
    const p = prompts[i]!;
    const r = await policy.generate(p.prompt, {}, { samples: EVAL_SAMPLES, seed: (cfg.seed + i) >>> 0, temperature, sigmaScale: 1, expects: 'pose' });
    for (const c of r.candidates) {
      total++;
      if (c.formatValid) formatOk++;
      if (c.mu) {
        mus.push(c.mu);
        muOwner.push(i);
        agreement.push(posecodeAgreement(p.posecodes, c.mu));
      }
      if (c.pose) {
        draws.push(c.pose);
        drawOwner.push(i);
      }
    }
  }
  const probeResults: ProbeResult[] = [];
  const probeMus: Float32Array[] = [];
  const probeOwner: number[] = [];
  for (let i = 0; i < PROBE_PROMPTS.length; i++) {
    const r = await policy.generate(textToPoseInstruction(PROBE_PROMPTS[i]!), {}, { samples: 1, seed: PROBE_SEED + i, temperature, sigmaScale: 1, expects: 'pose' });
    const c = r.candidates[0]!;
    probeResults.push({ prompt: PROBE_PROMPTS[i]!, seed: PROBE_SEED + i, mu: c.mu ? Array.from(c.mu) : null, sample: c.pose ? Array.from(c.pose) : null, semanticMu: null });
    if (c.mu) {
      probeMus.push(c.mu);
      probeOwner.push(i);
    }
  }
  let semanticMu = Number.NaN;
  let semanticSample = Number.NaN;
  if (encoder) {
    const captions = prompts.map((p) => p.caption);
    semanticMu = mean(await pairCosines(encoder, captions, mus, muOwner));
    semanticSample = mean(await pairCosines(encoder, captions, draws, drawOwner));
    const probeCos = await pairCosines(encoder, PROBE_PROMPTS.map(captionStyleQuery), probeMus, probeOwner);
    probeOwner.forEach((i, k) => (probeResults[i]!.semanticMu = probeCos[k]!));
  }
  const violationRate = draws.length ? jointLimitViolationRate(stack(draws), draws.length).rate : Number.NaN;
  return {
    step,
    heldOut: { items: prompts.length, semanticMu, semanticSample, posecodeMu: mean(agreement), violationRate, formatRate: total ? formatOk / total : Number.NaN },
    probes: probeResults,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The evaluation's scalars as step metrics (`eval.*`), for the run's charts. */
export function evaluationMetrics(e: CheckpointEvaluation): Record<string, number | null> {
  const v = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    'eval.semantic_mu': v(e.heldOut.semanticMu),
    'eval.semantic_sample': v(e.heldOut.semanticSample),
    'eval.posecode_mu': v(e.heldOut.posecodeMu),
    'eval.violation_rate': v(e.heldOut.violationRate),
    'eval.format_rate': v(e.heldOut.formatRate),
  };
}
