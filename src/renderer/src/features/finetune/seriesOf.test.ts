import { describe, expect, it } from 'vitest';
import type { FinetuneCheckpoint } from '@shared/api';
import { probeRows } from './probeGrid';
import { mergeSteps, seriesOf, truncateAfter } from './seriesOf';

const row = (step: number, v: number) => ({ step, values: { loss: v } });

describe('run series', () => {
  it('takes one metric per step, gaps where a step lacks it', () => {
    expect(seriesOf([row(1, 3), { step: 2, values: {} }], 'loss')).toEqual([
      { step: 1, value: 3 },
      { step: 2, value: null },
    ]);
  });

  it('merges arriving steps in order, a repeated step replacing the old one', () => {
    const m = mergeSteps([row(1, 1), row(2, 2), row(3, 3)], [row(3, 30), row(4, 4)]);
    expect(m.map((r) => [r.step, r.values.loss])).toEqual([[1, 1], [2, 2], [3, 30], [4, 4]]);
    expect(truncateAfter(m, 2).map((r) => r.step)).toEqual([1, 2]);
  });
});

describe('probeRows', () => {
  const pose = (x: number) => Array.from({ length: 66 }, () => x);
  const ckpt = (step: number, probes: { prompt: string; seed: number; x: number }[] | null): FinetuneCheckpoint => ({
    id: `c${step}`,
    runId: 'r',
    step,
    sha256: 'x',
    metrics: {},
    active: false,
    createdAt: '',
    evaluation: probes && {
      step,
      heldOut: { items: 1, semanticMu: 0, posecodeMu: 0, semanticSample: 0, violationRate: 0, formatRate: 1 },
      probes: probes.map((p) => ({ prompt: p.prompt, seed: p.seed, mu: pose(p.x), sample: pose(-p.x), semanticMu: null })),
      seconds: 1,
    },
  });

  it('lays each (prompt, seed) across the evaluated checkpoints in step order', () => {
    const g = probeRows([ckpt(20, [{ prompt: 'sit', seed: 1, x: 2 }]), ckpt(5, null), ckpt(10, [{ prompt: 'sit', seed: 1, x: 1 }, { prompt: 'wave', seed: 2, x: 3 }])]);
    expect(g.steps).toEqual([10, 20]);
    expect(g.rows.map((r) => [r.prompt, r.seed, r.cells.map((c) => c.step)])).toEqual([
      ['sit', 1, [10, 20]],
      ['wave', 2, [10]],
    ]);
    expect(g.rows[0]!.cells[1]!.mu![0]).toBe(2);
    expect(g.rows[0]!.cells[1]!.sample![0]).toBe(-2);
  });

  it('is empty without evaluations', () => {
    expect(probeRows([ckpt(4, null)])).toEqual({ steps: [], rows: [] });
  });
});
