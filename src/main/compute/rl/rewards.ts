/**
 * HyGRPO's reward registry (pure, float64): named rewards with weights, scored per candidate, combined per
 * branch into the discrete reward R_d and the continuous reward R_c that `advantages.ts` normalises.
 *
 * Which branch a reward feeds follows from what the candidate's two ratios can change. The discrete ratio
 * moves the answer's tokens, the continuous ratio moves the pose drawn at `<POSE>` given those tokens; a reward
 * goes to the branch whose action decides it, so each advantage only credits what its own ratio controls:
 * - discrete: `format` (is the answer well formed: a property of the tokens alone) and `textSimilarity`
 *   (closeness of the generated answer to the reference answer, which keeps pose→text and question answering
 *   alive while the pose tasks are trained);
 * - continuous: `semantic` (text→pose: retrieval cosine of caption and pose), `spatial` (landmarks→pose:
 *   inverse joint error), `posecode` (text→pose: share of the caption's posecodes the pose satisfies) and
 *   `plausibility` (joint limits and self-intersection of the pose). None of them depends on the words.
 * Every reward here lies in [0, 1] except `semantic` and `textSimilarity` (cosines, [−1, 1]), so weights of
 * order one make them comparable.
 *
 * Validity (the V subset of the continuous branch): a candidate of a pose task has a valid pose slot when its
 * answer passes the format check and the sampler gave it a pose. Its R_c is then the weighted sum of the
 * continuous rewards; otherwise R_c is NaN and never read (its continuous advantage is 0). Text tasks have no
 * continuous branch.
 *
 * The retrieval encoders run elsewhere (they are models): candidates and queries carry embeddings, or the
 * candidate carries its semantic cosine directly. Cosines are computed with both norms, so unit length is not
 * assumed.
 */
import { posecodeAgreement, type Posecode } from '../data/captioner';
import type { TaskKind } from '../data/dataset/config';
import { POSE_ANSWER_PATTERN } from '../data/tasks/templates';
import { DEFAULT_MAX_DEPTH } from '../data/variation/capsules';
import { plausibility } from '../data/variation/plausibility';
import { bodyJoints, mpjpe } from '../eval/metrics';

/** An answer to a text task: some word, and no slot token (`<POSE>`, `<JOINTS>`, …) anywhere. */
export const TEXT_ANSWER_PATTERN = /^[^<>]*[A-Za-z][^<>]*$/;

/** Tasks whose answer carries a pose at `<POSE>` (the others answer in words). */
export const POSE_TASKS: readonly TaskKind[] = ['text2pose', 'landmarks2pose'];

export const expectsPose = (task: TaskKind): boolean => POSE_TASKS.includes(task);

export type RewardBranch = 'discrete' | 'continuous';

export const REWARD_NAMES = ['format', 'textSimilarity', 'semantic', 'spatial', 'posecode', 'plausibility'] as const;
export type RewardName = (typeof REWARD_NAMES)[number];
export type RewardWeights = Partial<Record<RewardName, number>>;

/**
 * Default weights. `posecode` is 0: posecode agreement is also how `eval policy` judges text→pose, and an
 * evaluation the policy was rewarded on is no longer independent of the reward (reviewers asked for one that
 * is). Turn it on for the ablation that rewards it. Plausibility is a guard, not the goal: a quarter weight
 * keeps it from outvoting the semantic match.
 */
export const DEFAULT_REWARD_WEIGHTS: Readonly<Record<RewardName, number>> = Object.freeze({
  format: 1,
  textSimilarity: 1,
  semantic: 1,
  spatial: 1,
  posecode: 0,
  plausibility: 0.25,
});

/** What a reward may read of the query a group answers. */
export interface RewardQuery {
  task: TaskKind;
  /** Retrieval text embedding φ_text of the caption (text→pose; `semantic`). */
  captionEmbedding?: ArrayLike<number>;
  /** Posecodes the caption asserts (text→pose; `posecode`). */
  posecodes?: readonly Posecode[];
  /** Ground-truth pose, 66 (or 72) axis-angle numbers, in the frame the policy is trained to answer in (landmarks→pose; `spatial`). */
  targetPose?: ArrayLike<number>;
  /** Retrieval text embedding of the reference answer (pose→text, questions; `textSimilarity`). */
  referenceTextEmbedding?: ArrayLike<number>;
}

/** What a reward may read of one generated candidate. */
export interface RewardCandidate {
  /** The decoded answer (slot tokens written as `<POSE>`). */
  text: string;
  /** Whether decoding stopped at `<eos>` (a truncated answer fails the format); default true. */
  ended?: boolean;
  /** The sampled pose (66 numbers); null when the answer produced none. */
  pose: ArrayLike<number> | null;
  /** Retrieval pose embedding φ_pose of `pose` (`semantic`, with the query's caption embedding). */
  poseEmbedding?: ArrayLike<number>;
  /** cos(φ_text(q), φ_pose(p)) computed elsewhere; used instead of the embeddings when given. */
  semanticCosine?: number;
  /** Retrieval text embedding of `text` (`textSimilarity`). */
  textEmbedding?: ArrayLike<number>;
}

export interface RewardOptions {
  /**
   * Joint error (metres, root-aligned mean over the 22 FK body joints) at or below which `spatial` is 1.
   * spatial = floor / max(error, floor): the paper's 1/error, scaled to (0, 1] and bounded, since 1/error
   * grows without limit as the error vanishes and errors under 2 cm are below what landmarks pin down.
   */
  spatialFloorM?: number;
  /** Total degrees outside the joint limits at which `plausibility` reaches 0 (linear from 1 at 0°); default 30. */
  limitBudgetDeg?: number;
  /** Capsule penetration depth (metres) tolerated before a pose counts as self-intersecting; default 0.03. */
  intersectionDepthM?: number;
}

export const DEFAULT_SPATIAL_FLOOR_M = 0.02;
export const DEFAULT_LIMIT_BUDGET_DEG = 30;

export interface RewardDef {
  name: RewardName;
  branch: RewardBranch;
  /** Whether the reward scores this query's candidates at all (by task and by what the query carries). */
  applies(q: RewardQuery): boolean;
  /** The reward of one candidate. Continuous rewards are only asked about candidates with a valid pose slot. */
  score(c: RewardCandidate, q: RewardQuery, o: Required<RewardOptions>): number;
}

/** cos(a, b) with both norms; 0 when either vector is zero. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosine: vectors of ${a.length} and ${b.length} numbers`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** 1 when the answer is well formed for its task, else 0 (see the patterns above). */
export function formatReward(c: RewardCandidate, task: TaskKind): 0 | 1 {
  if (c.ended === false) return 0;
  const pattern = expectsPose(task) ? POSE_ANSWER_PATTERN : TEXT_ANSWER_PATTERN;
  return pattern.test(c.text.trim()) ? 1 : 0;
}

/** Whether the candidate belongs to V: a pose task, a well-formed answer and a pose. */
export function hasValidPoseSlot(c: RewardCandidate, task: TaskKind): boolean {
  return expectsPose(task) && c.pose !== null && formatReward(c, task) === 1;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`reward input missing: ${what}`);
  return value;
}

function poseOf(c: RewardCandidate): ArrayLike<number> {
  if (!c.pose) throw new Error('a continuous reward was asked about a candidate without a pose');
  return c.pose;
}

/** The spatial reward of one pose against its ground truth (see `spatialFloorM`). */
export function spatialReward(pose: ArrayLike<number>, target: ArrayLike<number>, floorM = DEFAULT_SPATIAL_FLOOR_M): number {
  const error = mpjpe(bodyJoints(pose, 1), bodyJoints(target, 1));
  return floorM / Math.max(error, floorM);
}

/**
 * The plausibility guard of one pose: 0 when capsules interpenetrate deeper than the tolerance (the data
 * engine's filter), else 1 − (degrees outside the joint limits)/budget, floored at 0. Graded rather than
 * pass/fail so that a group whose poses all bend a joint too far still learns which bends it least. The ground
 * check is skipped: a pose vector has no translation to stand on.
 */
export function plausibilityReward(pose: ArrayLike<number>, budgetDeg = DEFAULT_LIMIT_BUDGET_DEG, depthM = DEFAULT_MAX_DEPTH): number {
  const p = plausibility(pose, { skipGround: true, maxDepth: depthM });
  if (p.intersections.length > 0) return 0;
  return Math.max(0, 1 - p.limitScore / budgetDeg);
}

export const REWARDS: Readonly<Record<RewardName, RewardDef>> = Object.freeze({
  format: {
    name: 'format',
    branch: 'discrete',
    applies: () => true,
    score: (c, q) => formatReward(c, q.task),
  },
  textSimilarity: {
    name: 'textSimilarity',
    branch: 'discrete',
    applies: (q) => !expectsPose(q.task) && q.referenceTextEmbedding !== undefined,
    score: (c, q) => cosine(need(c.textEmbedding, 'the candidate answer’s text embedding'), q.referenceTextEmbedding!),
  },
  semantic: {
    name: 'semantic',
    branch: 'continuous',
    applies: (q) => q.task === 'text2pose',
    score: (c, q) =>
      c.semanticCosine ?? cosine(need(q.captionEmbedding, 'the caption’s text embedding'), need(c.poseEmbedding, 'the candidate pose’s embedding')),
  },
  spatial: {
    name: 'spatial',
    branch: 'continuous',
    applies: (q) => q.task === 'landmarks2pose' && q.targetPose !== undefined,
    score: (c, q, o) => spatialReward(poseOf(c), q.targetPose!, o.spatialFloorM),
  },
  posecode: {
    name: 'posecode',
    branch: 'continuous',
    applies: (q) => q.task === 'text2pose' && q.posecodes !== undefined,
    score: (c, q) => posecodeAgreement(q.posecodes!, poseOf(c)),
  },
  plausibility: {
    name: 'plausibility',
    branch: 'continuous',
    applies: (q) => expectsPose(q.task),
    score: (c, _q, o) => plausibilityReward(poseOf(c), o.limitBudgetDeg, o.intersectionDepthM),
  },
});

/** Problems with a weight table (unknown names, negative or non-finite weights); empty when usable. */
export function rewardWeightProblems(w: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(w)) {
    if (!(REWARD_NAMES as readonly string[]).includes(name)) problems.push(`unknown reward "${name}" (rewards: ${REWARD_NAMES.join(', ')})`);
    else if (!Number.isFinite(value) || value < 0) problems.push(`reward weight ${name} must be a finite number ≥ 0, got ${value}`);
  }
  return problems;
}

export interface GroupRewards {
  /** Per reward, per candidate; NaN where the reward was not scored (not applicable, zero weight, or outside V). */
  components: Record<RewardName, Float64Array>;
  /** R_d per candidate. */
  discrete: Float64Array;
  /** R_c per candidate; NaN outside V. */
  continuous: Float64Array;
  /** Membership of V. */
  valid: boolean[];
}

function resolveOptions(o: RewardOptions): Required<RewardOptions> {
  const r = {
    spatialFloorM: o.spatialFloorM ?? DEFAULT_SPATIAL_FLOOR_M,
    limitBudgetDeg: o.limitBudgetDeg ?? DEFAULT_LIMIT_BUDGET_DEG,
    intersectionDepthM: o.intersectionDepthM ?? DEFAULT_MAX_DEPTH,
  };
  for (const [k, v] of Object.entries(r)) if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`reward option ${k} must be a positive finite number, got ${v}`);
  return r;
}

/**
 * Scores one group (the candidates of one query). Missing weights default to DEFAULT_REWARD_WEIGHTS; a reward
 * with weight 0 is not computed. R_d = Σ w·r over the applicable discrete rewards, R_c likewise over the
 * continuous ones (0 when none applies).
 */
export function scoreGroup(query: RewardQuery, candidates: readonly RewardCandidate[], weights: RewardWeights = {}, options: RewardOptions = {}): GroupRewards {
  const problems = rewardWeightProblems(weights as Record<string, number>);
  if (problems.length) throw new RangeError(problems.join('; '));
  const o = resolveOptions(options);
  const n = candidates.length;
  const valid = candidates.map((c) => hasValidPoseSlot(c, query.task));
  const discrete = new Float64Array(n);
  const continuous = new Float64Array(n).map((_, i) => (valid[i] ? 0 : Number.NaN));
  const components = {} as Record<RewardName, Float64Array>;
  for (const name of REWARD_NAMES) {
    const def = REWARDS[name];
    const w = weights[name] ?? DEFAULT_REWARD_WEIGHTS[name];
    const values = new Float64Array(n).fill(Number.NaN);
    components[name] = values;
    if (w === 0 || !def.applies(query)) continue;
    for (let i = 0; i < n; i++) {
      const c = candidates[i]!;
      if (def.branch === 'continuous' && !valid[i]) continue;
      const r = def.score(c, query, o);
      if (!Number.isFinite(r)) throw new RangeError(`reward ${name} of candidate ${i} is ${r}`);
      values[i] = r;
      if (def.branch === 'discrete') discrete[i] += w * r;
      else continuous[i] += w * r;
    }
  }
  return { components, discrete, continuous, valid };
}

/** Several groups of the same size G, laid end to end in the order given (the layout `hygrpoAdvantages` reads). */
export function scoreGroups(
  groups: readonly { query: RewardQuery; candidates: readonly RewardCandidate[] }[],
  weights: RewardWeights = {},
  options: RewardOptions = {},
): GroupRewards & { groupSize: number } {
  if (groups.length === 0) throw new RangeError('scoreGroups needs at least one group');
  const G = groups[0]!.candidates.length;
  if (groups.some((g) => g.candidates.length !== G)) throw new RangeError('scoreGroups: every group must have the same number of candidates');
  const scored = groups.map((g) => scoreGroup(g.query, g.candidates, weights, options));
  const cat = (pick: (r: GroupRewards) => Float64Array): Float64Array => {
    const out = new Float64Array(groups.length * G);
    scored.forEach((r, q) => out.set(pick(r), q * G));
    return out;
  };
  const components = {} as Record<RewardName, Float64Array>;
  for (const name of REWARD_NAMES) components[name] = cat((r) => r.components[name]);
  return { components, discrete: cat((r) => r.discrete), continuous: cat((r) => r.continuous), valid: scored.flatMap((r) => r.valid), groupSize: G };
}
