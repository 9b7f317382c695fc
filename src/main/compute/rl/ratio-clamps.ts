/**
 * The log-ratio clamps of the HyGRPO loss, in a module of their own so that configs can name them without
 * importing the graph compiler. Why these values: loss.ts (file comment).
 */

/** k3's log-ratio clamp, ±20: keeps exp finite in float32 (the common choice). */
export const DEFAULT_KL_LOG_RATIO_CLAMP = 20;
/** The pose log-ratio clamp before exp, ±10: a ratio ≤ 2.2e4, wide enough that only runaway samples stop pushing. */
export const DEFAULT_POSE_LOG_RATIO_CLAMP = 10;
