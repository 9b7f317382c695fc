import { VIDEO_LIMITS } from '@shared/api';

/** Long side of the frames the page sends: enough for BlazePose (it reads 256 × 256 crops) and small JPEGs. */
export const ANALYSIS_MAX_SIDE = 512;
/** Analysis rates offered (frames a second); the browser does not tell a file's own rate. */
export const ANALYSIS_RATES = [2, 5, 10, 15, 30] as const;

/** The analysed frame size: the source scaled so its long side is at most `maxSide`, never enlarged. */
export function analysisSize(width: number, height: number, maxSide = ANALYSIS_MAX_SIDE): { width: number; height: number } {
  if (!(width > 0 && height > 0)) throw new RangeError(`a video has a positive size, got ${width}×${height}`);
  const s = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/**
 * Frames to analyse at `fps` over `durationS`: frame k at k / fps, every one before the end (the last frame of a
 * clip is shown until its end, so a time exactly at the end has no picture of its own); at most VIDEO_LIMITS.maxFrames.
 */
export function analysisFrameCount(durationS: number, fps: number): number {
  if (!(durationS > 0) || !(fps > 0)) return 0;
  const n = Math.ceil(durationS * fps - 1e-6);
  return Math.min(VIDEO_LIMITS.maxFrames, Math.max(1, n));
}
