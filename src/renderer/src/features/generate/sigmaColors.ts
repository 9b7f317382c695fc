/**
 * Per-joint uncertainty as colour: the Gaussian head's σ (radians, per joint) mapped onto a green → amber → red
 * ramp. The ramp's top is a round number just above the generation's largest σ, so one generation's joints are
 * comparable and the legend reads in round steps.
 */

export type AngleUnit = 'rad' | 'deg';

/** Ramp stops: confident (green), middling (amber), uncertain (red). */
export const SIGMA_RAMP: readonly (readonly [number, number, number])[] = [
  [0x2f, 0x9e, 0x44],
  [0xf5, 0x9f, 0x00],
  [0xe0, 0x31, 0x31],
];

const NICE_STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

const DEG_PER_RAD = 180 / Math.PI;

/**
 * The scale's top in radians: the smallest number that is round (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) in the
 * unit the legend shows and is at or above every σ; 0.1 rad (or 5°) when there is none.
 */
export function niceSigmaMax(values: Iterable<number>, unit: AngleUnit = 'rad'): number {
  const k = unit === 'deg' ? DEG_PER_RAD : 1;
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && v > max) max = v;
  return niceCeil(max * k, unit === 'deg' ? 5 : 0.1) / k;
}

function niceCeil(max: number, fallback: number): number {
  if (max <= 0) return fallback;
  const exp = Math.floor(Math.log10(max));
  const base = 10 ** exp;
  for (const s of NICE_STEPS) {
    const candidate = s * base;
    // A relative tolerance keeps 0.3 from rounding up to 0.4 through float error.
    if (candidate >= max * (1 - 1e-9)) return Number(candidate.toPrecision(6));
  }
  return 10 * base;
}

function hex(n: number): string {
  return Math.round(Math.max(0, Math.min(255, n)))
    .toString(16)
    .padStart(2, '0');
}

/** The ramp's colour for σ on a scale whose top is `max` (σ beyond it is drawn as the top colour). */
export function sigmaColor(sigma: number, max: number): string {
  const t = max > 0 && Number.isFinite(sigma) ? Math.max(0, Math.min(1, sigma / max)) : 0;
  const pos = t * (SIGMA_RAMP.length - 1);
  const i = Math.min(SIGMA_RAMP.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = SIGMA_RAMP[i];
  const b = SIGMA_RAMP[i + 1];
  return `#${hex(a[0] + (b[0] - a[0]) * f)}${hex(a[1] + (b[1] - a[1]) * f)}${hex(a[2] + (b[2] - a[2]) * f)}`;
}

/** A CSS gradient of the ramp, left (σ = 0) to right (σ = max), for the legend. */
export function sigmaGradientCss(): string {
  const stops = SIGMA_RAMP.map((c, i) => `rgb(${c.join(', ')}) ${Math.round((i / (SIGMA_RAMP.length - 1)) * 100)}%`);
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}

/** An angle for a label: radians with two decimals, or whole degrees (at most one decimal under 10°). */
export function formatAngle(rad: number, unit: AngleUnit): string {
  if (unit === 'rad') return `${rad.toFixed(2)} rad`;
  const deg = rad * DEG_PER_RAD;
  const rounded = Math.abs(deg) < 10 ? Math.round(deg * 10) / 10 : Math.round(deg);
  return `${rounded}°`;
}

/** The joint with the largest σ (index into the 22 body joints), or null for none. */
export function mostUncertainJoint(sigma: readonly number[] | null): number | null {
  if (!sigma || sigma.length === 0) return null;
  let best = 0;
  for (let j = 1; j < sigma.length; j++) if (sigma[j] > sigma[best]) best = j;
  return best;
}
