import { jointLimitScore, type LimitViolation } from '../../../../shared/body';
import { DEFAULT_MAX_DEPTH, intersectionsOfPlaced, placeCapsules, type Intersection, type IntersectionOptions } from './capsules';
import { groundOfPlaced, type GroundCheck, type GroundOptions } from './ground';

/**
 * Plausibility of a body pose (66 or 72 axis-angle numbers, SMPL neutral skeleton), three checks:
 * 1. joint limits: jointLimitScore (src/shared/body) against two thresholds, the total degrees outside
 *    the limits and the worst single axis;
 * 2. self-intersection: capsule pairs penetrating deeper than a tolerance (capsules.ts);
 * 3. ground sanity: what carries the body once stood on its lowest point (ground.ts).
 * Fast enough to filter dataset builds (~7–10 µs per pose, bench/variation/run.ts).
 */

export interface PlausibilityOptions extends GroundOptions, IntersectionOptions {
  /** largest total degrees outside the joint limits (summed over joints and axes); default 10 */
  maxLimitTotal?: number;
  /** largest excess on any one joint axis, degrees; default 5 */
  maxLimitAxis?: number;
  /** skip the self-intersection test (e.g. for poses known to press together); default false */
  skipIntersections?: boolean;
  /** skip the ground test (clips with their own root translation); default false */
  skipGround?: boolean;
}

export interface Plausibility {
  ok: boolean;
  /** limitScore total: degrees outside the joint limits, summed */
  limitScore: number;
  violations: LimitViolation[];
  intersections: Intersection[];
  ground: GroundCheck;
  /** one human-readable line per failed check; empty when ok */
  reasons: string[];
}

export const DEFAULT_MAX_LIMIT_TOTAL = 10;
export const DEFAULT_MAX_LIMIT_AXIS = 5;

/** Joint limits, self-intersection and ground sanity in one call. */
export function plausibility(pose: ArrayLike<number>, opts: PlausibilityOptions = {}): Plausibility {
  const lim = jointLimitScore(pose);
  const reasons: string[] = [];
  const maxTotal = opts.maxLimitTotal ?? DEFAULT_MAX_LIMIT_TOTAL;
  const maxAxis = opts.maxLimitAxis ?? DEFAULT_MAX_LIMIT_AXIS;
  if (lim.total > maxTotal) reasons.push(`joint limits exceeded by ${lim.total.toFixed(1)}° in total (max ${maxTotal}°)`);
  for (const v of lim.violations) {
    const e = v.value < v.limit[0] ? v.limit[0] - v.value : v.value - v.limit[1];
    if (e > maxAxis) reasons.push(`${v.joint} ${v.axis} is ${v.value.toFixed(1)}°, outside [${v.limit[0]}, ${v.limit[1]}] by more than ${maxAxis}°`);
  }
  placeCapsules(pose);
  const intersections = opts.skipIntersections ? [] : intersectionsOfPlaced(opts.maxDepth ?? DEFAULT_MAX_DEPTH);
  for (const x of intersections) reasons.push(`${x.a} and ${x.b} intersect by ${(x.depth * 100).toFixed(1)} cm`);
  const ground = groundOfPlaced(opts);
  if (!opts.skipGround) reasons.push(...ground.reasons);
  return { ok: reasons.length === 0, limitScore: lim.total, violations: lim.violations, intersections, ground, reasons };
}
