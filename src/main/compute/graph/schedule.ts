/** Host-side learning-rate schedules (pure); the value is fed to the train-step graph's `lr` input each step. */

export interface CosineScheduleOptions {
  peakLr: number;
  /** Steps of linear warm-up from peakLr/warmupSteps to peakLr. */
  warmupSteps: number;
  /** Step at which the cosine reaches minLr (held there afterwards). */
  totalSteps: number;
  minLr?: number;
}

/** lr(step) for 0-based `step`: linear warm-up, then half-cosine decay from peakLr to minLr. */
export function cosineWithWarmup(o: CosineScheduleOptions): (step: number) => number {
  const minLr = o.minLr ?? 0;
  if (!(o.peakLr >= 0) || o.warmupSteps < 0 || o.totalSteps < o.warmupSteps || minLr > o.peakLr) {
    throw new Error(`cosineWithWarmup: invalid options ${JSON.stringify(o)}`);
  }
  return (step: number): number => {
    if (step < 0) return 0;
    if (step < o.warmupSteps) return (o.peakLr * (step + 1)) / o.warmupSteps;
    const span = o.totalSteps - o.warmupSteps;
    if (span <= 0 || step >= o.totalSteps) return minLr;
    const progress = (step - o.warmupSteps) / span;
    return minLr + 0.5 * (o.peakLr - minLr) * (1 + Math.cos(Math.PI * progress));
  };
}

export function constantLr(lr: number): (step: number) => number {
  return () => lr;
}
