/** Summary statistics for benchmark samples. */

/** Median of the samples; NaN when there are none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * a ÷ b within each round, pairing the two sides' runs by round number: they ran back to back, so load
 * drift between rounds cancels. Rounds where either side is missing or has no value are left out.
 */
export function pairedRatios<A extends { round: number }, B extends { round: number }>(
  as: readonly A[],
  bs: readonly B[],
  fa: (a: A) => number | null,
  fb: (b: B) => number | null,
): number[] {
  return as.flatMap((a) => {
    const b = bs.find((x) => x.round === a.round);
    const x = fa(a);
    const y = b ? fb(b) : null;
    return x !== null && y !== null ? [x / y] : [];
  });
}

/** "median (min–max)" of the samples, each written by `format`, or '—' when there are none. */
export function medianRange(xs: readonly number[], format: (x: number) => string): string {
  return xs.length ? `${format(median(xs))} (${format(Math.min(...xs))}–${format(Math.max(...xs))})` : '—';
}

/** The q-quantile (0..1) with linear interpolation between order statistics (numpy's default); NaN when empty. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((x, y) => x - y);
  if (s.length === 0) return NaN;
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (at - lo) * (s[hi]! - s[lo]!);
}

/**
 * Runs the two sides of one round in alternating order (ours first on even rounds, the peer first on odd ones), so
 * neither side always runs on a machine the other has just warmed or heated.
 */
export async function alternating(round: number, ours: () => Promise<void>, peer: () => Promise<void>): Promise<void> {
  const [first, second] = round % 2 === 0 ? [ours, peer] : [peer, ours];
  await first();
  await second();
}
