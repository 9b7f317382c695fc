/**
 * Metric assembly of the policy evaluation: pure functions from generated candidates (and, for text→pose, the
 * retrieval model's unit embeddings) to the numbers `pose-studio eval policy` reports. Every number comes from
 * src/main/compute/eval/metrics and the captioner; nothing here runs a model. Protocol and definitions:
 * README.md beside this file.
 *
 * G candidates per prompt are summarised three ways:
 * - mean-of-G: the metric of every candidate, averaged (Recall@K: the recall of each of the G draws — candidate g
 *   of every prompt — averaged over g);
 * - best-of-G: one candidate per prompt picked by the model side, the highest retrieval cosine to the caption
 *   (a choice a user could make: it never looks at the ground truth);
 * - oracle best-of-G: the candidate with the highest posecode agreement (text→pose), lowest MPJPE (landmarks),
 *   highest F1 (pose→text) — it reads the ground truth, so it is an upper bound, labelled as such.
 * A candidate without a pose (invalid answer) scores 0 agreement, ranks last for its caption (a miss at every
 * K below the number of ranked items) and below every true pose of the other captions, and is left out of
 * pose errors, diversity and joint limits (its share is reported as `withPose`).
 */
import { measureValues, posecodeAgreement, measurePosecodes, type Posecode } from '../../data/captioner';
import { parseCaption } from '../../data/captioner/parse';
import { posecodeSatisfied } from '../../data/captioner/posecode';
import { readAnswer, type FactAnswer } from '../../data/tasks/questions';
import {
  jointLimitViolationRate,
  poseErrorsMm,
  recallFull,
  recallPooled,
  sampleDiversityMm,
  type PooledRecallResult,
  type RecallResult,
} from '../metrics';

const POSE = 66;

/** What the metrics read of one generated candidate. */
export interface EvalCandidate {
  /** The sampled pose (μ for the deterministic head); null when the answer has no pose. */
  pose: Float32Array | null;
  /** The head's mean (null without a pose). */
  mu: Float32Array | null;
  text: string;
  formatValid: boolean;
}

export interface RecallSummary {
  full: RecallResult;
  pooled: PooledRecallResult;
}

export interface PooledProtocol {
  pool: number;
  repeats: number;
  seed: number;
}

export interface JointLimitSummary {
  /** Fraction of poses with any joint axis beyond its limit. */
  rate: number;
  /** The same with every range widened by 10° (limits are a soft prior; small excursions are common in people). */
  rateTol10: number;
  meanExcessDeg: number;
  poses: number;
}

export interface Text2PoseMetrics {
  prompts: number;
  samples: number;
  /** Fractions of all candidates. */
  formatValid: number;
  withPose: number;
  recall: { meanOfG: RecallSummary; bestOfG: RecallSummary; oracleBestOfG: RecallSummary };
  posecodeAgreement: { meanOfG: number; bestOfG: number; oracleBestOfG: number };
  /** Per prompt (in prompt order): the mean agreement of its G candidates and the agreement of its best-of-G pick (for paired comparisons). */
  perPromptAgreement: { meanOfG: number[]; bestOfG: number[] };
  /** Mean over prompts with ≥ 2 poses of the APD of their poses (mm, 22 FK joints); null when G < 2. */
  diversity: { apdMm: number; apdFlatMm: number; prompts: number } | null;
  /** Over every generated pose; null when there is none. */
  jointLimits: JointLimitSummary | null;
  /** The same over the head's means μ (tells sampling noise from the mean's own excursions). */
  jointLimitsMu: JointLimitSummary | null;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Joint-limit summary of n poses laid end to end (null for none). */
export function jointLimitSummary(poses: Float32Array, n: number): JointLimitSummary | null {
  if (n === 0) return null;
  const r = jointLimitViolationRate(poses, n);
  return { rate: r.rate, rateTol10: jointLimitViolationRate(poses, n, { toleranceDeg: 10 }).rate, meanExcessDeg: r.meanExcessDeg, poses: n };
}

/** Cosine of unit rows a_i and b_j. */
function dot(a: Float32Array, ai: number, b: Float32Array, bj: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[ai * d + k]! * b[bj * d + k]!;
  return s;
}

/**
 * sim[i·n + j] = cos(text i, pose j) for one pose per prompt ([n, d] rows, `valid[j]` false for a missing pose,
 * whose column is −∞: it never outranks a true pose and its own caption misses at every K).
 */
export function drawSimilarity(text: Float32Array, poses: Float32Array, valid: readonly boolean[], n: number, d: number): Float32Array {
  const sim = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sim[i * n + j] = valid[j] ? dot(text, i, poses, j, d) : -Infinity;
  return sim;
}

function recallOf(sim: Float32Array, n: number, p: PooledProtocol): RecallSummary {
  return { full: recallFull(sim, n), pooled: recallPooled(sim, n, { pool: Math.min(p.pool, n), repeats: p.repeats, seed: p.seed }) };
}

/** The mean of several recall results of one protocol (same K values). */
export function averageRecall<R extends RecallResult>(results: readonly R[]): R {
  const first = results[0]!;
  const avg = (pick: (r: R) => number) => mean(results.map(pick));
  const t2p: Record<number, number> = {};
  const p2t: Record<number, number> = {};
  for (const k of first.ks) {
    t2p[k] = avg((r) => r.t2p[k]!);
    p2t[k] = avg((r) => r.p2t[k]!);
  }
  return { ...first, t2p, p2t, mRecall: avg((r) => r.mRecall) };
}

/** Index of the largest score (first on ties); −1 when every score is −∞ or NaN. */
export function argmax(scores: readonly number[]): number {
  let best = -1;
  for (let g = 0; g < scores.length; g++) if (scores[g]! > -Infinity && (best < 0 || scores[g]! > scores[best]!)) best = g;
  return best;
}

export interface Text2PoseInput {
  /** Per prompt: the posecodes its caption asserts. */
  posecodes: readonly (readonly Posecode[])[];
  /** [n][G] candidates. */
  candidates: readonly (readonly EvalCandidate[])[];
  /** [n, d] unit caption embeddings. */
  textEmb: Float32Array;
  /** [n·G, d] unit embeddings of the candidates' poses (row i·G + g; rows of candidates without a pose are ignored). */
  poseEmb: Float32Array;
  dim: number;
}

export function text2poseMetrics(input: Text2PoseInput, protocol: PooledProtocol): Text2PoseMetrics {
  const { candidates, textEmb, poseEmb, dim: d } = input;
  const n = candidates.length;
  if (n < 2) throw new RangeError('text→pose metrics need at least 2 prompts (recall ranks prompts against each other)');
  const G = candidates[0]!.length;
  if (G < 1 || candidates.some((c) => c.length !== G)) throw new RangeError('every prompt needs the same number (≥ 1) of candidates');
  if (input.posecodes.length !== n || textEmb.length !== n * d || poseEmb.length !== n * G * d) throw new RangeError('posecodes and embeddings must match the candidates');

  const cos: number[][] = candidates.map((cs, i) => cs.map((c, g) => (c.pose ? dot(textEmb, i, poseEmb, i * G + g, d) : -Infinity)));
  const agree: number[][] = candidates.map((cs, i) => cs.map((c) => (c.pose ? posecodeAgreement(input.posecodes[i]!, c.pose) : 0)));

  const drawOf = (pick: (i: number) => number): RecallSummary => {
    const rows = new Float32Array(n * d);
    const valid: boolean[] = [];
    for (let i = 0; i < n; i++) {
      const g = pick(i);
      valid.push(g >= 0 && candidates[i]![g]!.pose !== null);
      if (g >= 0) rows.set(poseEmb.subarray((i * G + g) * d, (i * G + g + 1) * d), i * d);
    }
    return recallOf(drawSimilarity(textEmb, rows, valid, n, d), n, protocol);
  };
  const perDraw = Array.from({ length: G }, (_, g) => drawOf(() => g));
  const best = cos.map((c) => argmax(c));
  const oracle = agree.map((a, i) => argmax(a.map((x, g) => (candidates[i]![g]!.pose ? x : -Infinity))));

  let poses = 0;
  let valid = 0;
  const all: Float32Array[] = [];
  const mus: Float32Array[] = [];
  const apd: number[] = [];
  const apdFlat: number[] = [];
  for (const cs of candidates) {
    const ps = cs.filter((c) => c.pose).map((c) => c.pose!);
    valid += cs.filter((c) => c.formatValid).length;
    poses += ps.length;
    all.push(...ps);
    mus.push(...cs.filter((c) => c.pose && c.mu).map((c) => c.mu!));
    if (G >= 2 && ps.length >= 2) {
      const flat = new Float32Array(ps.length * POSE);
      ps.forEach((p, k) => flat.set(p.subarray(0, POSE), k * POSE));
      const dv = sampleDiversityMm(flat, ps.length);
      apd.push(dv.apd);
      apdFlat.push(dv.apdFlat);
    }
  }
  const promptMean = agree.map((a) => mean(a));
  const promptBest = best.map((g, i) => (g >= 0 ? agree[i]![g]! : 0));
  const flatAll = new Float32Array(all.length * POSE);
  all.forEach((p, k) => flatAll.set(p.subarray(0, POSE), k * POSE));
  const flatMu = new Float32Array(mus.length * POSE);
  mus.forEach((p, k) => flatMu.set(p.subarray(0, POSE), k * POSE));

  return {
    prompts: n,
    samples: G,
    formatValid: valid / (n * G),
    withPose: poses / (n * G),
    recall: {
      meanOfG: { full: averageRecall(perDraw.map((r) => r.full)), pooled: averageRecall(perDraw.map((r) => r.pooled)) },
      bestOfG: drawOf((i) => best[i]!),
      oracleBestOfG: drawOf((i) => oracle[i]!),
    },
    posecodeAgreement: {
      meanOfG: mean(promptMean),
      bestOfG: mean(promptBest),
      oracleBestOfG: mean(oracle.map((g, i) => (g >= 0 ? agree[i]![g]! : 0))),
    },
    perPromptAgreement: { meanOfG: promptMean, bestOfG: promptBest },
    diversity: G >= 2 ? { apdMm: mean(apd), apdFlatMm: mean(apdFlat), prompts: apd.length } : null,
    jointLimits: jointLimitSummary(flatAll, all.length),
    jointLimitsMu: jointLimitSummary(flatMu, mus.length),
  };
}

export interface LandmarksMetrics {
  prompts: number;
  samples: number;
  formatValid: number;
  withPose: number;
  /** mm on the 22 FK body joints: per prompt over its candidates that have a pose (mean, or the oracle minimum), then the mean over prompts with a pose. */
  mpjpe: { meanOfG: number; mu: number; oracleBestOfG: number };
  paMpjpe: { meanOfG: number; mu: number; oracleBestOfG: number };
  jointLimits: JointLimitSummary | null;
}

/** Landmarks→pose: pose errors of every candidate (sampled pose and head mean) against the target. */
export function landmarksMetrics(targets: readonly Float32Array[], candidates: readonly (readonly EvalCandidate[])[]): LandmarksMetrics {
  const n = candidates.length;
  if (n < 1 || targets.length !== n) throw new RangeError('landmarks metrics need one target per prompt and at least one prompt');
  const G = candidates[0]!.length;
  const err = { sample: { m: [] as number[], pa: [] as number[] }, mu: { m: [] as number[], pa: [] as number[] }, best: { m: [] as number[], pa: [] as number[] } };
  let valid = 0;
  const all: Float32Array[] = [];
  candidates.forEach((cs, i) => {
    valid += cs.filter((c) => c.formatValid).length;
    const withPose = cs.filter((c) => c.pose && c.mu);
    if (withPose.length === 0) return;
    const k = withPose.length;
    const pred = new Float32Array(k * POSE);
    const mu = new Float32Array(k * POSE);
    const gt = new Float32Array(k * POSE);
    withPose.forEach((c, j) => {
      pred.set(c.pose!.subarray(0, POSE), j * POSE);
      mu.set(c.mu!.subarray(0, POSE), j * POSE);
      gt.set(targets[i]!.subarray(0, POSE), j * POSE);
      all.push(c.pose!);
    });
    const e = poseErrorsMm(pred, gt, k);
    const em = poseErrorsMm(mu, gt, k);
    // Per prompt first, then over prompts: every prompt weighs the same whatever share of its G has a pose.
    err.sample.m.push(e.mean.mpjpe);
    err.sample.pa.push(e.mean.paMpjpe);
    err.mu.m.push(em.mean.mpjpe);
    err.mu.pa.push(em.mean.paMpjpe);
    err.best.m.push(Math.min(...e.mpjpe));
    err.best.pa.push(Math.min(...e.paMpjpe));
  });
  const flat = new Float32Array(all.length * POSE);
  all.forEach((p, k) => flat.set(p.subarray(0, POSE), k * POSE));
  return {
    prompts: n,
    samples: G,
    formatValid: valid / (n * G),
    withPose: all.length / (n * G),
    mpjpe: { meanOfG: mean(err.sample.m), mu: mean(err.mu.m), oracleBestOfG: mean(err.best.m) },
    paMpjpe: { meanOfG: mean(err.sample.pa), mu: mean(err.mu.pa), oracleBestOfG: mean(err.best.pa) },
    jointLimits: jointLimitSummary(flat, all.length),
  };
}

export interface CaptionScore {
  /** Fraction of the asserted posecodes the pose satisfies (0 when nothing is asserted). */
  precision: number;
  /** Fraction of the pose's measured posecodes whose code the caption asserts in a category the pose satisfies. */
  recall: number;
  f1: number;
  /** Posecodes asserted. */
  claims: number;
  /** Whether some of the text could not be read as posecodes. */
  unparsed: boolean;
}

/**
 * Posecode F1 of a description against the pose it describes: the asserted set A is what `parseCaption` reads
 * from the text; the true set T is `measurePosecodes(pose)` (every said posecode of the pose, measured without
 * noise). A claim is correct when the pose satisfies it under the captioner's noise-margin rule.
 */
export function captionF1(text: string, pose: ArrayLike<number>): CaptionScore {
  const parsed = parseCaption(text);
  const values = measureValues(pose);
  const truth = measurePosecodes(pose);
  const right = parsed.posecodes.filter((p) => posecodeSatisfied(p, values));
  const rightCodes = new Set(right.map((p) => p.code));
  const precision = parsed.posecodes.length ? right.length / parsed.posecodes.length : 0;
  const recall = truth.length ? truth.filter((t) => rightCodes.has(t.code)).length / truth.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, claims: parsed.posecodes.length, unparsed: parsed.unparsed.length > 0 };
}

export interface PoseToTextMetrics {
  prompts: number;
  samples: number;
  formatValid: number;
  f1: { meanOfG: number; oracleBestOfG: number };
  precision: number;
  recall: number;
  claimsPerCaption: number;
  /** Fraction of candidates with text the parser could not read. */
  unparsedRate: number;
  /** The same scores for the dataset's own caption of each pose: the ceiling of a posecode captioner. */
  reference: { f1: number; precision: number; recall: number };
}

export function poseToTextMetrics(items: readonly { pose: Float32Array; caption: string }[], candidates: readonly (readonly EvalCandidate[])[]): PoseToTextMetrics {
  const n = candidates.length;
  if (n < 1 || items.length !== n) throw new RangeError('pose→text metrics need one item per prompt and at least one prompt');
  const G = candidates[0]!.length;
  const scores = candidates.map((cs, i) => cs.map((c) => captionF1(c.text, items[i]!.pose)));
  const flat = scores.flat();
  const ref = items.map((it) => captionF1(it.caption, it.pose));
  return {
    prompts: n,
    samples: G,
    formatValid: candidates.flat().filter((c) => c.formatValid).length / (n * G),
    f1: { meanOfG: mean(scores.map((s) => mean(s.map((x) => x.f1)))), oracleBestOfG: mean(scores.map((s) => Math.max(...s.map((x) => x.f1)))) },
    precision: mean(flat.map((s) => s.precision)),
    recall: mean(flat.map((s) => s.recall)),
    claimsPerCaption: mean(flat.map((s) => s.claims)),
    unparsedRate: flat.filter((s) => s.unparsed).length / flat.length,
    reference: { f1: mean(ref.map((s) => s.f1)), precision: mean(ref.map((s) => s.precision)), recall: mean(ref.map((s) => s.recall)) },
  };
}

export interface QuestionMetrics {
  prompts: number;
  samples: number;
  formatValid: number;
  /** Fraction of candidates whose answer has a yes/no (or left/right) word. */
  answered: number;
  /** meanOfG: fraction of all candidates whose answer equals the truth; majority: the most frequent readable answer of each prompt's G (first seen on ties; none readable = wrong). */
  accuracy: { meanOfG: number; majority: number };
}

export function questionMetrics(truths: readonly FactAnswer[], candidates: readonly (readonly EvalCandidate[])[]): QuestionMetrics {
  const n = candidates.length;
  if (n < 1 || truths.length !== n) throw new RangeError('question metrics need one truth per prompt and at least one prompt');
  const G = candidates[0]!.length;
  let right = 0;
  let answered = 0;
  let majority = 0;
  candidates.forEach((cs, i) => {
    const truth = truths[i]!;
    const kind = truth === 'yes' || truth === 'no' ? 'yes-no' : 'side';
    const counts = new Map<FactAnswer, number>();
    for (const c of cs) {
      const a = readAnswer(c.text, kind);
      if (a === null) continue;
      answered++;
      if (a === truth) right++;
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    let top: FactAnswer | null = null;
    for (const [a, k] of counts) if (top === null || k > counts.get(top)!) top = a;
    if (top === truth) majority++;
  });
  return {
    prompts: n,
    samples: G,
    formatValid: candidates.flat().filter((c) => c.formatValid).length / (n * G),
    answered: answered / (n * G),
    accuracy: { meanOfG: right / (n * G), majority: majority / n },
  };
}
