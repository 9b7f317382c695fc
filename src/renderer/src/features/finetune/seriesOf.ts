import type { FinetuneStepMetrics } from '@shared/api';
import type { Point } from './smoothing';

/** One metric's points over the steps (a step without the metric is a gap). */
export function seriesOf(rows: readonly FinetuneStepMetrics[], metric: string): Point[] {
  return rows.map((r) => ({ step: r.step, value: r.values[metric] ?? null }));
}

/** Whether a series has any value to draw. */
export function hasValues(points: readonly Point[]): boolean {
  return points.some((p) => p.value !== null && Number.isFinite(p.value));
}

/**
 * Merges newly arrived steps into what a view holds: a step seen again (a resumed run repeats the steps after its
 * checkpoint) replaces the old one, and the result stays in step order.
 */
export function mergeSteps(held: readonly FinetuneStepMetrics[], incoming: readonly FinetuneStepMetrics[]): FinetuneStepMetrics[] {
  if (!incoming.length) return held as FinetuneStepMetrics[];
  const byStep = new Map(held.map((r) => [r.step, r]));
  for (const r of incoming) byStep.set(r.step, r);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** Drops steps after `step` (a resume discards what was logged after the checkpoint it continues from). */
export function truncateAfter(rows: readonly FinetuneStepMetrics[], step: number): FinetuneStepMetrics[] {
  return rows.filter((r) => r.step <= step);
}
