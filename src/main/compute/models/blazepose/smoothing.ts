/**
 * Temporal smoothing of video landmarks as MediaPipe's pose graph does it: a One-Euro filter per coordinate (its
 * speed term scaled by 1/object size for image landmarks, so the same motion in a close-up and a long shot is
 * judged alike) and a plain low-pass on visibility.
 */

/** Exponential smoothing; the first value passes through. */
export class LowPassFilter {
  private stored = 0;
  private raw = 0;
  private primed = false;

  apply(value: number, alpha: number): number {
    const out = this.primed ? alpha * value + (1 - alpha) * this.stored : value;
    this.raw = value;
    this.stored = out;
    this.primed = true;
    return out;
  }

  get hasLast(): boolean {
    return this.primed;
  }

  get lastRaw(): number {
    return this.raw;
  }

  reset(): void {
    this.primed = false;
  }
}

export interface OneEuroParams {
  minCutoff: number;
  beta: number;
  derivativeCutoff: number;
}

/** Smoothing factor of a first-order low-pass with this cutoff (Hz) at this sampling rate. */
export function lowPassAlpha(rateHz: number, cutoffHz: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau * rateHz);
}

/** Rate assumed until two timestamps have been seen. */
export const DEFAULT_RATE_HZ = 30;

export class OneEuroFilter {
  private readonly x = new LowPassFilter();
  private readonly dx = new LowPassFilter();
  private rate = DEFAULT_RATE_HZ;
  private lastTime: number | null = null;

  constructor(readonly params: OneEuroParams) {}

  /** `t` in seconds, strictly increasing; a repeated or older time passes the value through untouched. */
  apply(t: number, value: number, valueScale = 1): number {
    if (this.lastTime !== null) {
      if (t <= this.lastTime) return value;
      this.rate = 1 / (t - this.lastTime);
    }
    this.lastTime = t;
    const speed = this.x.hasLast ? (value - this.x.lastRaw) * valueScale * this.rate : 0;
    const smoothSpeed = this.dx.apply(speed, lowPassAlpha(this.rate, this.params.derivativeCutoff));
    const cutoff = this.params.minCutoff + this.params.beta * Math.abs(smoothSpeed);
    return this.x.apply(value, lowPassAlpha(this.rate, cutoff));
  }

  reset(): void {
    this.x.reset();
    this.dx.reset();
    this.rate = DEFAULT_RATE_HZ;
    this.lastTime = null;
  }
}

/** MediaPipe's pose settings. */
export const IMAGE_LANDMARK_FILTER: OneEuroParams = Object.freeze({ minCutoff: 0.05, beta: 80, derivativeCutoff: 1 });
export const AUX_LANDMARK_FILTER: OneEuroParams = Object.freeze({ minCutoff: 0.01, beta: 10, derivativeCutoff: 1 });
export const WORLD_LANDMARK_FILTER: OneEuroParams = Object.freeze({ minCutoff: 0.1, beta: 40, derivativeCutoff: 1 });
export const VISIBILITY_ALPHA = 0.1;

/** (bounding-box width + height) / 2 of n × 3 points: the object scale the image filters divide speeds by. */
export function objectScale(xyz: ArrayLike<number>): number {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < xyz.length; i += 3) {
    x0 = Math.min(x0, xyz[i]!);
    x1 = Math.max(x1, xyz[i]!);
    y0 = Math.min(y0, xyz[i + 1]!);
    y1 = Math.max(y1, xyz[i + 1]!);
  }
  return (x1 - x0 + (y1 - y0)) / 2;
}

/**
 * One filter per coordinate of n × 3 points. With `scaleByObject` speeds are divided by the points' object scale
 * (image landmarks, pixels); without, they are taken as they are (world landmarks, metres). A set too small to have
 * a scale passes through unfiltered, as in MediaPipe.
 */
export class PointSmoother {
  private filters: OneEuroFilter[] = [];

  constructor(
    readonly params: OneEuroParams,
    readonly scaleByObject: boolean,
  ) {}

  apply(t: number, xyz: Float32Array): Float32Array {
    if (this.filters.length !== xyz.length) this.filters = Array.from({ length: xyz.length }, () => new OneEuroFilter(this.params));
    let valueScale = 1;
    if (this.scaleByObject) {
      const s = objectScale(xyz);
      if (!(s > 1e-6)) return Float32Array.from(xyz);
      valueScale = 1 / s;
    }
    return Float32Array.from(xyz, (v, k) => this.filters[k]!.apply(t, v, valueScale));
  }

  reset(): void {
    this.filters = [];
  }
}

/** A low-pass per value with a fixed alpha (visibility). */
export class ValueSmoother {
  private filters: LowPassFilter[] = [];

  constructor(readonly alpha: number) {}

  apply(values: Float32Array): Float32Array {
    if (this.filters.length !== values.length) this.filters = Array.from({ length: values.length }, () => new LowPassFilter());
    return Float32Array.from(values, (v, k) => this.filters[k]!.apply(v, this.alpha));
  }

  reset(): void {
    this.filters = [];
  }
}
