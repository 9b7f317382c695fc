/**
 * HyGRPO's group-relative advantages (pure, float64). Each query's G candidates form a group; the two reward
 * branches are normalised separately inside it:
 * - discrete F_i = (R_d,i − mean R_d) / (std R_d + eps) over all G candidates;
 * - continuous Δ_i = (R_c,i − mean R_c) / (std R_c + eps) over the V ≤ G candidates whose answer has a valid
 *   pose slot; the others get Δ = 0 (they have no pose whose density the update could move).
 * std is the unbiased sample deviation (divisor n − 1), as the mature GRPO implementations use.
 *
 * Zero-variance guard: a group (or valid subset) whose std is at most `minStd` gets all-zero advantages, as
 * does a subset of fewer than two candidates (one valid pose has nothing to be compared with; its unbiased std
 * is 0/0). Why a threshold and not only exact ties: the continuous rewards (cosines, inverse joint errors) are
 * never exactly equal, and dividing differences of float32 rounding size by std + eps would turn noise into
 * advantages of order one. The default 1e-3 sits far above float32 rounding of rewards of order one (~1e-7)
 * and below any difference a reward in this registry means (all are scaled to about [0, 1]; a 1e-3 change is
 * a tenth of a degree of cosine or a tenth of a millimetre of joint error). A guarded group is reported, so
 * the update can drop it: with β > 0 it would otherwise still receive a KL-only gradient.
 */

/** Denominator offset of (r − mean)/(std + eps), the common GRPO choice. */
export const DEFAULT_ADVANTAGE_EPS = 1e-4;
/** std at or below which a group's advantages are set to 0 (see the file comment). */
export const DEFAULT_MIN_STD = 1e-3;

export interface NormaliseOptions {
  eps?: number;
  minStd?: number;
}

/** How one group (or its valid subset) was normalised. */
export interface GroupStats {
  /** Candidates that took part (G for the discrete branch, V for the continuous one). */
  count: number;
  /** NaN when count is 0. */
  mean: number;
  /** Unbiased; NaN when count < 2. */
  std: number;
  /** Whether the advantages were set to 0 by the guard (count < 2 or std ≤ minStd). */
  guarded: boolean;
}

function checkOptions(o: NormaliseOptions): { eps: number; minStd: number } {
  const eps = o.eps ?? DEFAULT_ADVANTAGE_EPS;
  const minStd = o.minStd ?? DEFAULT_MIN_STD;
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new RangeError(`advantage eps must be a finite number ≥ 0, got ${eps}`);
  if (!(minStd >= 0) || !Number.isFinite(minStd)) throw new RangeError(`advantage minStd must be a finite number ≥ 0, got ${minStd}`);
  if (eps === 0 && minStd === 0) throw new RangeError('advantage eps and minStd cannot both be 0 (an all-equal group would divide 0 by 0)');
  return { eps, minStd };
}

/**
 * Normalises rewards[offset + i] for the i (< size) where `include(i)` holds, writing into out (the rest of the
 * group's slots are set to 0). Returns the group's statistics.
 */
function normaliseInto(
  rewards: ArrayLike<number>,
  offset: number,
  size: number,
  include: (i: number) => boolean,
  o: { eps: number; minStd: number },
  out: Float64Array,
): GroupStats {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    if (!include(i)) continue;
    const r = rewards[offset + i]!;
    if (!Number.isFinite(r)) throw new RangeError(`reward ${offset + i} is ${r}: every included reward must be finite`);
    n++;
    sum += r;
  }
  for (let i = 0; i < size; i++) out[offset + i] = 0;
  const mean = n > 0 ? sum / n : Number.NaN;
  if (n < 2) return { count: n, mean, std: Number.NaN, guarded: true };
  let ss = 0;
  for (let i = 0; i < size; i++) if (include(i)) ss += (rewards[offset + i]! - mean) ** 2;
  const std = Math.sqrt(ss / (n - 1));
  if (std <= o.minStd) return { count: n, mean, std, guarded: true };
  for (let i = 0; i < size; i++) if (include(i)) out[offset + i] = (rewards[offset + i]! - mean) / (std + o.eps);
  return { count: n, mean, std, guarded: false };
}

function groupsOf(length: number, groupSize: number, what: string): number {
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new RangeError(`group size must be a positive integer, got ${groupSize}`);
  if (length % groupSize !== 0) throw new RangeError(`${what}: ${length} values do not split into groups of ${groupSize}`);
  return length / groupSize;
}

/**
 * F over groups laid end to end (group q = rewards[q·G .. q·G + G)): each group normalised over all its G
 * candidates.
 */
export function discreteAdvantages(rewards: ArrayLike<number>, groupSize: number, o: NormaliseOptions = {}): { advantages: Float64Array; groups: GroupStats[] } {
  const opts = checkOptions(o);
  const n = groupsOf(rewards.length, groupSize, 'discreteAdvantages');
  const advantages = new Float64Array(rewards.length);
  const groups: GroupStats[] = [];
  for (let q = 0; q < n; q++) groups.push(normaliseInto(rewards, q * groupSize, groupSize, () => true, opts, advantages));
  return { advantages, groups };
}

/**
 * Δ over groups laid end to end: each group normalised over its candidates with `valid[i]` set (a valid pose
 * slot); the others get 0 and their rewards are not read (they may be NaN).
 */
export function continuousAdvantages(
  rewards: ArrayLike<number>,
  valid: ArrayLike<boolean | number>,
  groupSize: number,
  o: NormaliseOptions = {},
): { advantages: Float64Array; groups: GroupStats[] } {
  const opts = checkOptions(o);
  const n = groupsOf(rewards.length, groupSize, 'continuousAdvantages');
  if (valid.length !== rewards.length) throw new RangeError(`continuousAdvantages: ${valid.length} validity flags for ${rewards.length} rewards`);
  const advantages = new Float64Array(rewards.length);
  const groups: GroupStats[] = [];
  for (let q = 0; q < n; q++) {
    const offset = q * groupSize;
    groups.push(normaliseInto(rewards, offset, groupSize, (i) => Boolean(valid[offset + i]), opts, advantages));
  }
  return { advantages, groups };
}

export interface HyGRPOAdvantageInput {
  /** R_d per candidate, groups of G laid end to end. */
  discrete: ArrayLike<number>;
  /** R_c per candidate (read only where `valid`). */
  continuous: ArrayLike<number>;
  /** Whether the candidate's answer has a valid pose slot (and so a pose). */
  valid: ArrayLike<boolean | number>;
  groupSize: number;
}

export interface HyGRPOAdvantages {
  /** F_i per candidate. */
  discrete: Float64Array;
  /** Δ_i per candidate (0 outside V). */
  continuous: Float64Array;
  discreteGroups: GroupStats[];
  continuousGroups: GroupStats[];
  /** Per group: whether either branch carries a signal (a group with both guarded only adds a KL gradient). */
  informative: boolean[];
}

/** Both branches of a batch of groups, with per-branch options (defaults: eps 1e-4, minStd 1e-3). */
export function hygrpoAdvantages(input: HyGRPOAdvantageInput, o: { discrete?: NormaliseOptions; continuous?: NormaliseOptions } = {}): HyGRPOAdvantages {
  if (input.continuous.length !== input.discrete.length) throw new RangeError(`hygrpoAdvantages: ${input.discrete.length} discrete and ${input.continuous.length} continuous rewards`);
  const d = discreteAdvantages(input.discrete, input.groupSize, o.discrete);
  const c = continuousAdvantages(input.continuous, input.valid, input.groupSize, o.continuous);
  return {
    discrete: d.advantages,
    continuous: c.advantages,
    discreteGroups: d.groups,
    continuousGroups: c.groups,
    informative: d.groups.map((g, q) => !g.guarded || !c.groups[q]!.guarded),
  };
}
