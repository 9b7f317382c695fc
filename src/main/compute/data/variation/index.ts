/**
 * Variation: the plausibility filter (joint limits, capsule self-intersection, ground sanity), a
 * soft-prior pose sampler, per-joint slerp interpolation, per-limb swaps, mirroring with side
 * words swapped, rotation noise, and library-pose variations that record their provenance.
 */
export * from './plausibility';
export * from './sampler';
export * from './interpolate';
export * from './limbSwap';
export * from './mirror';
export * from './noise';
export * from './variations';
