/**
 * Smoothing of noisy per-step curves the way TensorBoard does it: an exponential moving average with bias
 * correction, so the first points are not pulled toward 0. Gaps (null, NaN) are skipped and stay gaps.
 */
export interface Point {
  step: number;
  value: number | null;
}

/** `weight` in [0, 1): 0 returns the values unchanged, 0.9 averages over about ten steps. */
export function emaSmooth(points: readonly Point[], weight: number): Point[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  let acc = 0;
  let n = 0;
  return points.map((p) => {
    if (p.value === null || !Number.isFinite(p.value)) return { step: p.step, value: null };
    acc = acc * w + (1 - w) * p.value;
    n++;
    // 1 − wⁿ is the total weight the average has collected so far.
    const debiased = w === 0 ? p.value : acc / (1 - w ** n);
    return { step: p.step, value: debiased };
  });
}

/** [min, max] of the finite values, padded when flat so a constant line sits mid-chart; null when none. */
export function valueRange(series: readonly (readonly Point[])[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const p of s) if (p.value !== null && Number.isFinite(p.value)) {
    lo = Math.min(lo, p.value);
    hi = Math.max(hi, p.value);
  }
  if (lo > hi) return null;
  if (lo === hi) {
    const pad = Math.abs(lo) > 1e-12 ? Math.abs(lo) * 0.1 : 1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** SVG path "M x y L x y …" of a series in a width × height box; gaps start a new sub-path. */
export function linePath(points: readonly Point[], x: (step: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.value === null || !Number.isFinite(p.value)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(p.step).toFixed(1)} ${y(p.value).toFixed(1)}`;
    pen = true;
  }
  return d;
}
