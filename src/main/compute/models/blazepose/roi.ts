/**
 * The rotated region of interest the landmark model reads, in frame pixels. MediaPipe derives it the same way from
 * the detector's keypoints and, when tracking, from the previous frame's two auxiliary landmarks
 * (AlignmentPointsRectsCalculator, then RectTransformationCalculator with square_long and a 1.25 scale).
 */

export interface Roi {
  /** Centre, pixels. */
  cx: number;
  cy: number;
  /** Size, pixels, before rotation. */
  width: number;
  height: number;
  /** Radians; positive turns the crop's x axis towards the frame's +y (down), i.e. clockwise on screen. */
  rotation: number;
}

/** Wraps an angle into [−π, π). */
export function normalizeRadians(a: number): number {
  return a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
}

/**
 * The ROI from a centre point and a scale point (pixels): centred on the first, side twice their distance, rotated
 * so that the vector from centre to scale point ends up pointing `targetAngle` (90°: straight up in the crop, so the
 * body stands upright).
 */
export function roiFromAlignmentPoints(x0: number, y0: number, x1: number, y1: number, targetAngle = Math.PI / 2): Roi {
  const side = 2 * Math.hypot(x1 - x0, y1 - y0);
  // Image y points down, so −(y1 − y0) is "up" for the angle.
  const rotation = normalizeRadians(targetAngle - Math.atan2(-(y1 - y0), x1 - x0));
  return { cx: x0, cy: y0, width: side, height: side, rotation };
}

/** Squares the ROI on its longer side, then scales it (MediaPipe's margin for the landmark model: 1.25). */
export function expandRoi(r: Roi, scale = 1.25): Roi {
  const side = Math.max(r.width, r.height);
  return { ...r, width: side * scale, height: side * scale };
}

/** The landmark model's ROI from two points (normalised to a width × height frame). */
export function landmarkRoi(p0: readonly [number, number], p1: readonly [number, number], width: number, height: number, scale = 1.25): Roi {
  return expandRoi(roiFromAlignmentPoints(p0[0] * width, p0[1] * height, p1[0] * width, p1[1] * height), scale);
}

/** A point given in the crop's unit square ((0,0) top-left, (1,1) bottom-right) → frame pixels. */
export function cropToFrame(r: Roi, u: number, v: number): [number, number] {
  const s = (u - 0.5) * r.width;
  const t = (v - 0.5) * r.height;
  const c = Math.cos(r.rotation);
  const n = Math.sin(r.rotation);
  return [r.cx + c * s - n * t, r.cy + n * s + c * t];
}
