// Fine-tuning through the real backend: the training process (forked from source), a tiny policy trained here,
// runs recorded in SQLite. One run is killed (its process SIGKILLed: what a closed studio leaves), reads as
// interrupted and resumes; is stopped and resumes again; completes with every step once; a checkpoint is promoted
// and Generate samples from it under its own label, then goes back to the shipped policy.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivePolicy, FinetuneCheckpoint, FinetuneRun, FinetuneStepMetrics, Generation } from '../../shared/api/contract';
import { readRunOwner } from '../compute/finetune/run-owner';
import { saveParams } from '../compute/graph/checkpoint';
import { trainTinyPolicy } from '../compute/models/policy/test-util';
import type { HyGRPOConfig } from '../compute/rl/config';
import { tinyBookkeepingConfig } from '../compute/rl/test-util';
import { loadTokenizer } from '../compute/text/tokenizer';
import { createBackend, type Backend } from './backend';

type Progress = { runId: string; type: 'step' | 'checkpoint' | 'status'; status: string; step: number; steps: number; metrics?: Record<string, number | null> };

describe('finetune service', () => {
  let dir: string;
  let backend: Backend;
  const events: Progress[] = [];
  const policyEvents: ActivePolicy[] = [];
  const cfg = (): HyGRPOConfig => tinyBookkeepingConfig(path.join(dir, 'policy'), { steps: 9, checkpointEvery: 3 });
  const call = async <T,>(name: string, req: unknown): Promise<T> => {
    const r = await backend.invoke(name, req);
    if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const waitFor = async (what: string, pred: () => boolean, ms = 240_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.map((e) => [e.type, e.status, e.step]))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'finetune-svc-'));
    const { cfg: pc, result } = await trainTinyPolicy(loadTokenizer());
    saveParams(path.join(dir, 'policy'), result.store, pc);
    backend = await createBackend({ dataDir: path.join(dir, 'data'), mode: 'server', version: '0.0.0-test' });
    backend.subscribe('finetune.progress', (p) => events.push(p as Progress));
    backend.subscribe('finetune.activePolicy', (p) => policyEvents.push(p as ActivePolicy));
  }, 180_000);
  afterAll(async () => {
    await backend?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offers the presets and reports an invalid config as path-tagged errors, starting nothing', async () => {
    const { presets } = await call<{ presets: { name: string; config: Record<string, unknown> }[] }>('finetune.presets', {});
    expect(presets.map((p) => p.name)).toEqual(['quick-cpu', 'overnight-cpu', 'gpu']);
    expect((await call<{ ok: boolean }>('finetune.validate', { config: presets[0]!.config })).ok).toBe(true);
    const bad = { ...cfg(), groupSize: 1, typo: 1 };
    const v = await call<{ ok: boolean; errors: string[] }>('finetune.validate', { config: bad });
    expect(v.ok).toBe(false);
    expect(v.errors.some((e) => e.startsWith('groupSize:'))).toBe(true);
    const r = await backend.invoke('finetune.start', { config: bad });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_request');
      expect((r.error.details as { errors: string[] }).errors).toEqual(v.errors);
    }
    expect((await call<{ runs: FinetuneRun[] }>('finetune.list', {})).runs).toEqual([]);
    const missing = await backend.invoke('finetune.resume', { runId: 'nope' });
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });

  it('starts, survives its process being killed (interrupted → resume), stops, resumes and completes with every step once', async () => {
    const run = await call<FinetuneRun>('finetune.start', { config: cfg(), name: 'svc test' });
    expect(run).toMatchObject({ name: 'svc test', status: 'running', steps: 9 });
    const id = run.id;
    // One run at a time.
    const second = await backend.invoke('finetune.start', { config: cfg() });
    expect(!second.ok && second.error.code).toBe('conflict');

    // Step events carry the step's metrics as recorded.
    await waitFor('step 4', () => events.some((e) => e.runId === id && e.type === 'step' && e.step >= 4));
    const stepEvent = events.find((e) => e.type === 'step' && e.step === 1)!;
    expect(stepEvent.metrics!.loss).toEqual(expect.any(Number));
    expect(events.some((e) => e.type === 'checkpoint' && e.step === 3)).toBe(true);

    // Kill the training process the way a crash or a closed studio does: the run must read as interrupted.
    const owner = readRunOwner(path.join(backend.dataDir, 'runs', id))!;
    expect(owner.pid).not.toBe(process.pid);
    process.kill(owner.pid, 'SIGKILL');
    await waitFor('interrupted', () => events.some((e) => e.runId === id && e.type === 'status' && e.status === 'interrupted'));
    const dead = await call<{ run: FinetuneRun }>('finetune.get', { runId: id });
    expect(dead.run).toMatchObject({ status: 'interrupted', resumable: true });
    expect(dead.run.checkpointStep).toBeGreaterThanOrEqual(3);

    // Resume: it continues after its checkpoint.
    const from = dead.run.checkpointStep!;
    const n0 = events.length;
    const resumed = await call<FinetuneRun>('finetune.resume', { runId: id });
    expect(resumed.status).toBe('running');
    await waitFor('a step after the resume', () => events.slice(n0).some((e) => e.type === 'step'));
    expect(events.slice(n0).find((e) => e.type === 'step')!.step).toBe(from + 1);

    // Stop: answers once the run is recorded as cancelled; it is resumable.
    const stopped = await call<FinetuneRun>('finetune.stop', { runId: id });
    expect(stopped).toMatchObject({ status: 'cancelled', resumable: true });
    const again = await backend.invoke('finetune.stop', { runId: id });
    expect(!again.ok && again.error.code).toBe('conflict');

    await call<FinetuneRun>('finetune.resume', { runId: id });
    await waitFor('completed', () => events.some((e) => e.runId === id && e.type === 'status' && e.status === 'completed'));
    const done = await call<{ run: FinetuneRun; metrics: FinetuneStepMetrics[] }>('finetune.get', { runId: id });
    expect(done.run).toMatchObject({ status: 'completed', step: 9, checkpointStep: 9, resumable: false });
    expect(done.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(done.metrics.every((m) => typeof m.values.loss === 'number')).toBe(true);
    const tail = await call<{ metrics: FinetuneStepMetrics[] }>('finetune.get', { runId: id, fromStep: 8 });
    expect(tail.metrics.map((m) => m.step)).toEqual([8, 9]);
    const completed = await backend.invoke('finetune.resume', { runId: id });
    expect(!completed.ok && completed.error.code).toBe('conflict');
  }, 600_000);

  it('promotes a checkpoint: Generate samples from it under its own label; null goes back to the shipped policy', async () => {
    const [run] = (await call<{ runs: FinetuneRun[] }>('finetune.list', {})).runs;
    const { checkpoints } = await call<{ checkpoints: FinetuneCheckpoint[] }>('finetune.checkpoints', { runId: run!.id });
    expect(checkpoints.map((c) => c.step)).toEqual([3, 6, 9]);
    expect(checkpoints[0]!.metrics['reward.plausibility.mean']).toEqual(expect.any(Number));
    expect(checkpoints.every((c) => !c.active)).toBe(true);
    // Evaluations run at steps 0, 10, 20… and at the last step: only the step-9 checkpoint carries one.
    expect(checkpoints.map((c) => c.evaluation?.step ?? null)).toEqual([null, null, 9]);
    const ev = checkpoints[2]!.evaluation!;
    expect(ev.probes.length).toBeGreaterThan(0);
    for (const p of ev.probes) if (p.mu) expect(p.mu).toHaveLength(66);
    expect(ev.heldOut.items).toBeGreaterThan(0);
    expect((await call<ActivePolicy>('finetune.activePolicy', {})).source).toBe('shipped');

    const ck = checkpoints[1]!;
    const active = await call<ActivePolicy>('finetune.promote', { checkpointId: ck.id });
    expect(active).toMatchObject({ source: 'checkpoint', checkpointId: ck.id, runId: run!.id, step: 6, runName: 'svc test' });
    expect(policyEvents.at(-1)).toEqual(active);
    expect((await call<{ checkpoints: FinetuneCheckpoint[] }>('finetune.checkpoints', { runId: run!.id })).checkpoints.map((c) => c.active)).toEqual([false, true, false]);

    const g = await call<Generation>('generate.run', { prompt: 'a person standing', samples: 2, seed: 7 });
    expect(g.model).toBe(`${active.name}@${ck.sha256.slice(0, 8)}`);
    expect(g.candidates).toHaveLength(2);

    const shipped = await call<ActivePolicy>('finetune.promote', { checkpointId: null });
    expect(shipped.source).toBe('shipped');
    const g2 = await call<Generation>('generate.run', { prompt: 'a person standing', samples: 2, seed: 7 });
    expect(g2.model).toMatch(/^policy@[0-9a-f]{8}$/);
    const unknown = await backend.invoke('finetune.promote', { checkpointId: 'nope' });
    expect(!unknown.ok && unknown.error.code).toBe('not_found');
  }, 300_000);
});
