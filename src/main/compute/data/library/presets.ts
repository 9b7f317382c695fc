import type { LimbAngles } from './define';

/**
 * Limb settings reused across categories, in the left side's convention (see define.ts). The rest pose is a
 * T-pose, so "arms down" is a large shoulder raise angle (+x lowers the arm) rather than zero.
 */
export const ARMS_DOWN: LimbAngles = { shoulder: [80, 0, 0], elbow: [0, -10, 0] };
/** Arms straight overhead, shoulder blades lifted. */
export const ARMS_UP: LimbAngles = { collar: [-20, 0, 0], shoulder: [-80, 0, 0], elbow: [0, -5, 0] };
/** Arms straight out in front at shoulder height. */
export const ARMS_FORWARD: LimbAngles = { shoulder: [0, -88, 0], elbow: [0, -5, 0] };
/** Legs straight under the hips. */
export const LEGS_STRAIGHT: LimbAngles = { hip: [0, 3, 0], knee: [0, 0, 0], ankle: [0, 0, 0] };
