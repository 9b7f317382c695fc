/**
 * Fine-tuning calls: presets and validation (the engine's own validator), start / stop / resume of HyGRPO runs in
 * the training process (training-supervisor.ts), runs with their metrics and checkpoints, and promotion of a
 * checkpoint to the policy Generate uses (active-policy.ts).
 */
import { existsSync } from 'node:fs';
import type { FinetuneRun } from '../../shared/api/contract';
import { err, ok, type Result } from '../../shared/api/errors';
import { checkpointSha256 } from '../compute/rl/run-checkpoint';
import { HYGRPO_PRESET_NAMES, hygrpoPreset, validateHyGRPOConfig, type HyGRPOPresetName } from '../compute/rl/config';
import type { Store } from '../storage';
import { activePolicy, policyFilesPresent, promoteCheckpoint, publicPolicy, useShippedPolicy } from './active-policy';
import type { HandlerTable, ServiceContext } from './context';
import { checkpointView, effectiveStatus, runView, stepMetrics } from './finetune-runs';
import { fromStore } from './storage-guard';

const PRESET_DESCRIPTIONS: Record<HyGRPOPresetName, string> = {
  'quick-cpu': 'A smoke run of a few minutes on a laptop: does the loop run, do the diagnostics move (G 4, 2 queries, 30 steps).',
  'overnight-cpu': 'G = 8 with enough steps for the reward curves to mean something (8 queries, 1500 steps, cosine lr).',
  gpu: 'Larger batches and more steps: the run whose numbers are reported (32 queries, 4000 steps).',
};

function loadRun(store: Store, runId: string, call: string): Result<FinetuneRun> {
  const r = fromStore(call, () => {
    const rec = store.trainingRuns.get(runId);
    return rec && rec.algorithm === 'hygrpo' ? runView(store, rec) : null;
  });
  if (!r.ok) return r;
  return r.value ? ok(r.value) : err('not_found', `No fine-tuning run with id "${runId}".`, { runId });
}

/** Another run live anywhere on this data directory (this studio's, or a CLI's still running). */
function liveRun(ctx: ServiceContext): Result<string | null> {
  if (ctx.training.busy) return ok(ctx.training.activeRunId ?? '(starting)');
  return fromStore('finetune', () => {
    const running = ctx.store.trainingRuns.list({ status: 'running' }).find((r) => effectiveStatus(ctx.store, r) === 'running');
    return running?.id ?? null;
  });
}

async function launch(ctx: ServiceContext, call: string, source: Parameters<ServiceContext['training']['start']>[0]): Promise<Result<FinetuneRun>> {
  const live = liveRun(ctx);
  if (!live.ok) return live;
  if (live.value) return err('conflict', `Run ${live.value} is running; one run at a time (stop it first).`, { runId: live.value });
  const started = await ctx.training.start(source);
  if (!started.ok) return started;
  return loadRun(ctx.store, started.value.runId, call);
}

export const finetuneHandlers: HandlerTable<
  'finetune.presets' | 'finetune.validate' | 'finetune.start' | 'finetune.stop' | 'finetune.resume' | 'finetune.list' | 'finetune.get' | 'finetune.checkpoints' | 'finetune.promote' | 'finetune.activePolicy'
> = {
  'finetune.presets': () =>
    ok({ presets: HYGRPO_PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name], config: hygrpoPreset(name) as unknown as Record<string, unknown> })) }),

  'finetune.validate': (req) => {
    const check = validateHyGRPOConfig(req.config);
    return ok({ ok: check.ok, errors: check.ok ? [] : check.errors });
  },

  'finetune.start': async (req, ctx) => {
    const check = validateHyGRPOConfig(req.config);
    if (!check.ok) return err('bad_request', `The run config is not valid: ${check.errors[0]}${check.errors.length > 1 ? ` (and ${check.errors.length - 1} more)` : ''}.`, { errors: check.errors });
    return launch(ctx, 'finetune.start', { config: req.config, ...(req.name ? { name: req.name } : {}) });
  },

  'finetune.stop': async (req, ctx) => {
    const run = loadRun(ctx.store, req.runId, 'finetune.stop');
    if (!run.ok) return run;
    const r = await ctx.training.stop(req.runId);
    if (!r.ok) return r;
    return loadRun(ctx.store, req.runId, 'finetune.stop');
  },

  'finetune.resume': async (req, ctx) => {
    const run = loadRun(ctx.store, req.runId, 'finetune.resume');
    if (!run.ok) return run;
    if (!run.value.resumable) return err('conflict', `Run ${req.runId} is ${run.value.status}; only a cancelled, failed or interrupted run resumes.`, { runId: req.runId, status: run.value.status });
    return launch(ctx, 'finetune.resume', { resume: req.runId });
  },

  'finetune.list': (_req, { store }) => {
    const r = fromStore('finetune.list', () => store.trainingRuns.list().filter((x) => x.algorithm === 'hygrpo').map((x) => runView(store, x)));
    return r.ok ? ok({ runs: r.value }) : r;
  },

  'finetune.get': (req, { store }) => {
    const run = loadRun(store, req.runId, 'finetune.get');
    if (!run.ok) return run;
    const m = fromStore('finetune.get', () => stepMetrics(store, req.runId, req.fromStep));
    return m.ok ? ok({ run: run.value, metrics: m.value }) : m;
  },

  'finetune.checkpoints': (req, { store }) => {
    const run = loadRun(store, req.runId, 'finetune.checkpoints');
    if (!run.ok) return run;
    const r = fromStore('finetune.checkpoints', () => {
      const active = activePolicy(store).checkpointId;
      return store.checkpoints.list(req.runId).map((c) => checkpointView(c, active));
    });
    return r.ok ? ok({ checkpoints: r.value }) : r;
  },

  'finetune.promote': (req, { store, events }) => {
    if (req.checkpointId === null) {
      const r = fromStore('finetune.promote', () => publicPolicy(useShippedPolicy(store)));
      if (r.ok) events.emit('finetune.activePolicy', r.value);
      return r;
    }
    const found = fromStore('finetune.promote', () => {
      const c = store.checkpoints.get(req.checkpointId!);
      return c ? { c, run: store.trainingRuns.get(c.runId) } : null;
    });
    if (!found.ok) return found;
    if (!found.value) return err('not_found', `No checkpoint with id "${req.checkpointId}".`, { checkpointId: req.checkpointId });
    const { c, run } = found.value;
    if (!existsSync(c.file) || !policyFilesPresent(c.file)) return err('not_found', `The checkpoint's files are gone from ${c.file}.`, { checkpointId: c.id, file: c.file });
    // The weights Generate would load must be the ones the run recorded, not a file changed since.
    if (checkpointSha256(c.file) !== c.sha256) return err('conflict', `The checkpoint at step ${c.step} does not match its recorded sha256; it was changed after the run wrote it.`, { checkpointId: c.id });
    const r = fromStore('finetune.promote', () => publicPolicy(promoteCheckpoint(store, c, run?.name ?? c.runId)));
    if (r.ok) events.emit('finetune.activePolicy', r.value);
    return r;
  },

  'finetune.activePolicy': (_req, { store }) => fromStore('finetune.activePolicy', () => publicPolicy(activePolicy(store))),
};
