import type { FinetuneCheckpoint } from '@shared/api';

export interface ProbeRow {
  prompt: string;
  seed: number;
  /** One cell per evaluated checkpoint that has this probe, in step order; mu / sample null where the answer had no pose. */
  cells: { step: number; mu: number[] | null; sample: number[] | null }[];
}

/**
 * The probe gallery's rows: each (prompt, seed) of the evaluated checkpoints, across the checkpoints in step
 * order, so one row shows how the policy's answer to one fixed prompt changed over the run.
 */
export function probeRows(checkpoints: readonly FinetuneCheckpoint[]): { steps: number[]; rows: ProbeRow[] } {
  const evaluated = checkpoints.filter((c) => c.evaluation && c.evaluation.probes.length).sort((a, b) => a.step - b.step);
  const rows = new Map<string, ProbeRow>();
  for (const c of evaluated) {
    for (const p of c.evaluation!.probes) {
      const key = `${p.seed}\u0000${p.prompt}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { prompt: p.prompt, seed: p.seed, cells: [] }));
      row.cells.push({ step: c.step, mu: p.mu, sample: p.sample });
    }
  }
  return { steps: evaluated.map((c) => c.step), rows: [...rows.values()] };
}
