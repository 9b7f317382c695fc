// The fine-tuning calls' and events' schemas: what they accept, what they fill in, what they refuse.
import { describe, expect, it } from 'vitest';
import { CheckpointEvaluation, calls, events, isProgressCall } from './contract';

const pose = (n = 66) => Array.from({ length: n }, () => 0.1);

describe('finetune contract', () => {
  it('takes a config as JSON and leaves its checking to the engine, refusing unknown request keys', () => {
    expect(calls['finetune.start'].request.safeParse({ config: { anything: 1 } }).success).toBe(true);
    expect(calls['finetune.start'].request.safeParse({ config: {}, name: '  ' }).success).toBe(false);
    expect(calls['finetune.start'].request.safeParse({ config: {}, extra: 1 }).success).toBe(false);
    expect(calls['finetune.start'].request.safeParse({}).success).toBe(false);
    expect(calls['finetune.get'].request.parse({ runId: 'r' })).toEqual({ runId: 'r', fromStep: 0 });
    expect(calls['finetune.get'].request.safeParse({ runId: 'r', fromStep: -1 }).success).toBe(false);
    expect(calls['finetune.promote'].request.parse({ checkpointId: null })).toEqual({ checkpointId: null });
    expect(calls['finetune.promote'].request.safeParse({}).success).toBe(false);
    // A run is not a progress call: it outlives the request that starts it and reports through events.
    expect(isProgressCall('finetune.start')).toBe(false);
  });

  it('checks the checkpoint evaluation: 66-float probe poses, held-out numbers', () => {
    const ev = {
      step: 10,
      heldOut: { items: 10, semanticMu: 0.3, posecodeMu: 0.5, semanticSample: 0.28, violationRate: 0.1, formatRate: 1 },
      probes: [{ prompt: 'sit', seed: 1, mu: pose(), sample: pose(), semanticMu: 0.4 }],
      seconds: 2,
    };
    expect(CheckpointEvaluation.safeParse(ev).success).toBe(true);
    expect(CheckpointEvaluation.safeParse({ ...ev, probes: [{ ...ev.probes[0], mu: pose(72) }] }).success).toBe(false);
    expect(CheckpointEvaluation.safeParse({ probes: [] }).success).toBe(false);
    // Nothing measured (no retrieval model, no pose slot) is null, never a missing key.
    const unmeasured = { ...ev, heldOut: { ...ev.heldOut, semanticMu: null, semanticSample: null }, probes: [{ ...ev.probes[0], mu: null, sample: null, semanticMu: null }] };
    expect(CheckpointEvaluation.safeParse(unmeasured).success).toBe(true);
    expect(CheckpointEvaluation.safeParse({ ...ev, heldOut: { items: 10 } }).success).toBe(false);
  });

  it('describes progress events with a status the studio knows, interrupted included', () => {
    const e = events['finetune.progress'];
    expect(e.safeParse({ runId: 'r', type: 'step', status: 'running', step: 3, steps: 9, metrics: { loss: 0.1, kl_pose: null } }).success).toBe(true);
    expect(e.safeParse({ runId: 'r', type: 'status', status: 'interrupted', step: 3, steps: 9 }).success).toBe(true);
    expect(e.safeParse({ runId: 'r', type: 'status', status: 'paused', step: 3, steps: 9 }).success).toBe(false);
  });
});
