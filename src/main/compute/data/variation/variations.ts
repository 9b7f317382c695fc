import type { Rng } from '../random';
import type { LibraryPose } from '../types';
import { interpolatePoses } from './interpolate';
import { swapLimbs, type LimbName } from './limbSwap';
import { mirrorLibraryPose } from './mirror';
import { addPoseNoise } from './noise';
import { groundCheck } from './ground';
import { plausibility, type PlausibilityOptions } from './plausibility';
import { samplePose } from './sampler';

/**
 * Structured variation of library poses. Every output carries its provenance: the kind of
 * variation, the library ids it was made from (the base pose first) and the parameters, because
 * datasets are split by source pose — a varied copy must land in the same split as every pose it
 * came from. Outputs are always plausible (plausibility filter), falling back to the base pose
 * itself (recorded as zero noise) if no variation passes.
 */

export const VARIATION_KINDS = ['noise', 'interpolate', 'limb-swap', 'mirror', 'sample'] as const;
export type VariationKind = (typeof VARIATION_KINDS)[number];

export interface Provenance {
  kind: VariationKind;
  /** library ids the pose derives from, the base pose first (ids of mirrored poses end in '~mirror') */
  sources: string[];
  /** what was done: noise stdDeg; interpolation t and partner; swapped limbs; resampled limbs */
  params: Record<string, number | string | boolean | string[]>;
}

export interface VariedPose {
  /** 66 (or the base's 72) axis-angle numbers */
  pose: Float32Array;
  provenance: Provenance;
  /**
   * The named library pose this still is, when it is one (light noise: the base; mirror: the
   * mirrored base, with its side words swapped), so captions may use its name; else undefined.
   */
  named?: LibraryPose;
}

export interface VariationOptions {
  /** relative weights of the kinds; default noise 3, interpolate 2.5, limb-swap 2.5, mirror 1, sample 1 */
  weights?: Partial<Record<VariationKind, number>>;
  /** noise std drawn uniformly in [min, max] degrees; default [2, 8] */
  noiseStdDeg?: readonly [number, number];
  /** interpolation t drawn uniformly in this range; default [0.2, 0.8] */
  interpolateT?: readonly [number, number];
  /** chance that the partner pose comes from the base's category (when there is one); default 0.6 */
  sameCategory?: number;
  /** chance a limb swap takes the partner's limb from the other side, reflected; default 0.25 */
  crossSide?: number;
  /** variations tried before falling back to the base pose; default 12 */
  maxTries?: number;
  /** passed to plausibility; inverted bases (headstands) get allowInverted automatically */
  plausibility?: PlausibilityOptions;
}

const DEFAULT_WEIGHTS: Record<VariationKind, number> = { noise: 3, interpolate: 2.5, 'limb-swap': 2.5, mirror: 1, sample: 1 };

/** Limb sets a swap or a resample takes: single limbs and the natural pairs. */
export const LIMB_SETS: readonly (readonly LimbName[])[] = [
  ['left_arm'], ['right_arm'], ['left_leg'], ['right_leg'], ['head'], ['torso'], ['torso', 'head'],
  ['left_arm', 'right_arm'], ['left_leg', 'right_leg'],
];

function partner(base: LibraryPose, rng: Rng, pool: readonly LibraryPose[], sameCategory: number): LibraryPose | null {
  // Not the base's own mirror either: blending a pose with its mirror only makes it more symmetric.
  const group = (id: string) => id.split('~')[0];
  const others = pool.filter((p) => group(p.id) !== group(base.id) && p.pose.length === base.pose.length);
  if (others.length === 0) return null;
  if (rng.chance(sameCategory)) {
    const same = others.filter((p) => p.category === base.category);
    if (same.length > 0) return rng.pick(same);
  }
  return rng.pick(others);
}

function samePose(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

const round = (x: number, d = 1000): number => Math.round(x * d) / d;

/** One attempt at a variation of the given kind; null when the kind cannot apply (no partner). */
function attempt(kind: VariationKind, base: LibraryPose, rng: Rng, pool: readonly LibraryPose[], opts: VariationOptions): VariedPose | null {
  switch (kind) {
    case 'noise': {
      const [lo, hi] = opts.noiseStdDeg ?? [2, 8];
      const stdDeg = round(rng.uniform(lo, hi), 100);
      return { pose: addPoseNoise(base.pose, rng, { stdDeg }), provenance: { kind, sources: [base.id], params: { stdDeg } }, named: base };
    }
    case 'interpolate': {
      const other = partner(base, rng, pool, opts.sameCategory ?? 0.6);
      if (!other) return null;
      const [lo, hi] = opts.interpolateT ?? [0.2, 0.8];
      const t = round(rng.uniform(lo, hi));
      return { pose: interpolatePoses(base.pose, other.pose, t), provenance: { kind, sources: [base.id, other.id], params: { t, with: other.id } } };
    }
    case 'limb-swap': {
      const other = partner(base, rng, pool, opts.sameCategory ?? 0.6);
      if (!other) return null;
      const limbs = rng.pick(LIMB_SETS);
      const crossSide = rng.chance(opts.crossSide ?? 0.25);
      return {
        pose: swapLimbs(base.pose, other.pose, limbs, { crossSide }),
        provenance: { kind, sources: [base.id, other.id], params: { limbs: [...limbs], crossSide, with: other.id } },
      };
    }
    case 'mirror': {
      const m = mirrorLibraryPose(base);
      return { pose: m.pose, provenance: { kind, sources: [base.id], params: { as: m.id } }, named: m };
    }
    case 'sample': {
      // Keep the base pose but redraw some limbs from the prior (its root stays the base's).
      const limbs = rng.pick(LIMB_SETS);
      const drawn = samplePose(rng, { orientation: { upright: 1, lean: 0, lying: 0 }, maxTries: 4 });
      const from = base.pose.length === drawn.length ? drawn : Float32Array.from({ length: base.pose.length }, (_, i) => (i < drawn.length ? drawn[i] : 0));
      return { pose: swapLimbs(base.pose, from, limbs), provenance: { kind, sources: [base.id], params: { limbs: [...limbs] } } };
    }
  }
}

/**
 * A plausible variation of `base`, its partner poses (interpolation, limb swaps) drawn from
 * `pool`. Deterministic given the rng state.
 */
export function varyPose(base: LibraryPose, rng: Rng, pool: readonly LibraryPose[], opts: VariationOptions = {}): VariedPose {
  const w = { ...DEFAULT_WEIGHTS, ...(opts.weights ?? {}) };
  const kinds = VARIATION_KINDS.filter((k) => w[k] > 0);
  const pOpts: PlausibilityOptions = { ...(opts.plausibility ?? {}) };
  if (pOpts.allowInverted === undefined && groundCheck(base.pose).inverted) pOpts.allowInverted = true;
  // Blends of a pose that stands balanced must stand balanced too: mixing in a lying or leaning partner
  // otherwise gives bodies toppling with nothing under them. (Noise and mirroring keep the base's balance.)
  const blendOpts: PlausibilityOptions = { ...pOpts, requireBalance: pOpts.requireBalance ?? groundCheck(base.pose).balanced };
  const maxTries = opts.maxTries ?? 12;
  for (let t = 0; t < maxTries && kinds.length > 0; t++) {
    const kind = rng.weighted(kinds, kinds.map((k) => w[k]));
    const v = attempt(kind, base, rng, pool, opts);
    const check = kind === 'noise' || kind === 'mirror' ? pOpts : blendOpts;
    // A swap with the base's own mirror (cross-side) or with an identical limb changes nothing.
    if (v && !samePose(v.pose, base.pose) && plausibility(v.pose, check).ok) return v;
  }
  return { pose: Float32Array.from(base.pose), provenance: { kind: 'noise', sources: [base.id], params: { stdDeg: 0, fallback: true } }, named: base };
}

/** Endless (or `count`) plausible variations of one base pose. */
export function* variationsOf(
  base: LibraryPose,
  rng: Rng,
  pool: readonly LibraryPose[],
  opts: VariationOptions & { count?: number } = {},
): Generator<VariedPose, void, undefined> {
  for (let i = 0; opts.count === undefined || i < opts.count; i++) yield varyPose(base, rng, pool, opts);
}

/** Endless (or `count`) plausible variations of bases drawn uniformly from the pool. */
export function* variationStream(
  pool: readonly LibraryPose[],
  rng: Rng,
  opts: VariationOptions & { count?: number } = {},
): Generator<VariedPose, void, undefined> {
  if (pool.length === 0) throw new RangeError('variationStream needs a non-empty pool');
  for (let i = 0; opts.count === undefined || i < opts.count; i++) yield varyPose(rng.pick(pool), rng, pool, opts);
}
