import type { Vec3 } from './mannequinParts';

/** overlay: all at the origin; grid: up to four in a row, then a near-square grid; row: all side by side (wide strips). */
export type FigureLayout = 'overlay' | 'grid' | 'row';

/** Lowest surface of the mannequin below its lowest joint (sole of the foot box, round of a knee). */
export const GROUND_CLEARANCE = 0.068;

/** SMPL poses come as 66 (body) or 72 (with hand joints) axis-angle values; the renderer always works on 72. */
export function toFullPose(pose: ArrayLike<number>): Float32Array {
  if (pose.length !== 66 && pose.length !== 72) {
    throw new Error(`a pose has 66 or 72 axis-angle values, got ${pose.length}`);
  }
  const out = new Float32Array(72);
  for (let i = 0; i < pose.length; i++) out[i] = pose[i];
  return out;
}

/** Vertical offset that stands a posed figure on the ground plane y = 0. */
export function groundLift(positions: ArrayLike<number>): number {
  let minY = Infinity;
  for (let i = 1; i < positions.length; i += 3) minY = Math.min(minY, positions[i]);
  return Number.isFinite(minY) ? -minY + GROUND_CLEARANCE : 0;
}

/** Centre-to-centre distance for a grid: the widest figure plus a gap, so outstretched arms never touch. */
export function gridSpacing(widths: readonly number[], gap = 0.3): number {
  return Math.max(0.9, ...widths) + gap;
}

/** Where each of n figures stands: all at the origin when overlaid, one row, or rows of a near-square grid centred on it. */
export function layoutOffsets(n: number, layout: FigureLayout, spacing = 1.0): Vec3[] {
  if (layout === 'overlay' || n <= 1) return Array.from({ length: n }, () => [0, 0, 0] as Vec3);
  // Up to four side by side (a row reads best from the front), then a near-square grid.
  const cols = layout === 'row' || n <= 4 ? n : Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const out: Vec3[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % cols;
    const r = Math.floor(i / cols);
    out.push([(c - (cols - 1) / 2) * spacing, 0, (r - (rows - 1) / 2) * Math.max(1.2, spacing * 0.8)]);
  }
  return out;
}

export interface Framing {
  target: Vec3;
  position: Vec3;
}

/**
 * A camera placement that shows the whole box from a fixed front-three-quarter direction: far enough that
 * the box's height fits the vertical field of view and its width the horizontal one, plus half its depth
 * so the nearest corner is not clipped.
 */
export function frameBox(
  box: { min: Vec3; max: Vec3 },
  fovDeg: number,
  aspect: number,
  direction: Vec3 = [0.42, 0.22, 1],
  margin = 1.12,
): Framing {
  const center: Vec3 = [0, 1, 2].map((k) => (box.min[k] + box.max[k]) / 2) as Vec3;
  const half = [0, 1, 2].map((k) => Math.max(0.05, (box.max[k] - box.min[k]) / 2));
  const vfov = (fovDeg * Math.PI) / 180;
  const hfov = 2 * Math.atan(Math.tan(vfov / 2) * Math.max(0.1, aspect));
  const halfWidth = Math.hypot(half[0], half[2]);
  const distance =
    Math.max(half[1] / Math.tan(vfov / 2), halfWidth / Math.tan(hfov / 2)) * margin +
    Math.max(half[0], half[2]) * 0.5;
  const len = Math.hypot(...direction);
  const position: Vec3 = [0, 1, 2].map((k) => center[k] + (direction[k] / len) * distance) as Vec3;
  return { target: center, position };
}
