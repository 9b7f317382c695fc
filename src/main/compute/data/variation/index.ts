/**
 * Variation: the plausibility filter (joint limits, capsule self-intersection, ground sanity), a
 * soft-prior pose sampler, per-joint slerp interpolation, per-limb swaps, mirroring with side
 * words swapped, rotation noise, and library-pose variations that record their provenance.
 */
export {
  type CapsuleEnd,
  type BodyRegion,
  type CapsuleSpec,
  type Intersection,
  type IntersectionOptions,
  type PlacedCapsule,
  CAPSULES,
  CAPSULE_PAIRS,
  DEFAULT_MAX_DEPTH,
  segmentDistanceSq,
  selfIntersections,
  bodyCapsules,
} from './capsules';
export { type GroundCheck, type GroundOptions, groundCheck } from './ground';
export {
  type PlausibilityOptions,
  type Plausibility,
  DEFAULT_MAX_LIMIT_TOTAL,
  DEFAULT_MAX_LIMIT_AXIS,
  plausibility,
} from './plausibility';
export * from './sampler';
export * from './interpolate';
export * from './limbSwap';
export * from './mirror';
export * from './noise';
export * from './variations';
