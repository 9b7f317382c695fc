/**
 * Variation: plausibility filter (joint limits, capsule self-intersection, ground sanity), and
 * the pose generators built on it.
 */
export * from './plausibility';
