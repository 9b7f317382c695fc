/**
 * `pose-studio finetune --config F [--resume RUN]`: a HyGRPO run whose steps and checkpoints are recorded in the
 * studio's database. A resumed run continues after its last recorded checkpoint; metrics logged after that
 * checkpoint (by the process that died) are dropped first, so every step appears exactly once.
 * Progress: a bar on stderr, or with --json one JSON object per line on stdout (start, step, done, error).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FinetuneError, runRecordedHyGRPO } from '../compute/finetune/recorded-run';
import { validateHyGRPOConfig, type HyGRPOConfig } from '../compute/rl/config';
import type { StepMetrics } from '../compute/rl/step';
import { openStore } from '../storage';
import type { CliIO } from './io';

export interface FinetuneOptions {
  config?: string;
  resume?: string;
  threads: number;
  dataDir: string;
  json: boolean;
  /** stderr is a terminal: redraw one progress line instead of printing lines. */
  interactive: boolean;
}

function readConfigFile(file: string): HyGRPOConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FinetuneError(`cannot read the config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const check = validateHyGRPOConfig(value);
  if (!check.ok) throw new FinetuneError(`the config ${file} is not a valid HyGRPO config`, check.errors);
  return check.config;
}

function bar(step: number, steps: number, m: StepMetrics, secondsPerStep: number): string {
  const width = 24;
  const filled = Math.round((width * step) / steps);
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '–' : v.toFixed(d));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step}/${steps}  semantic ${f(m['reward.semantic.mean'])}  format ${f(m.format_rate, 2)}  kl ${f(m.kl_text, 4)}/${f(m.kl_pose, 3)}  ${secondsPerStep.toFixed(2)} s/step`;
}

export async function runFinetune(o: FinetuneOptions, io: CliIO): Promise<number> {
  const emit = (event: Record<string, unknown>) => io.out(JSON.stringify(event));
  const fail = (e: unknown): number => {
    const message = e instanceof Error ? e.message : String(e);
    const errors = e instanceof FinetuneError ? e.errors : [];
    if (o.json) emit({ event: 'error', message, errors });
    io.err(`pose-studio finetune: ${message}`);
    for (const line of errors) io.err(`  ${line}`);
    return 1;
  };
  let fileConfig: HyGRPOConfig | undefined;
  try {
    if (o.config) fileConfig = readConfigFile(o.config);
  } catch (e) {
    return fail(e);
  }

  const store = openStore({ dataDir: o.dataDir });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    let runId = '';
    let steps = 0;
    let t0 = 0;
    let shown = 0;
    let every = 1;
    const result = await runRecordedHyGRPO({
      store,
      source: o.resume ? { resume: o.resume, ...(fileConfig ? { config: fileConfig } : {}) } : { config: fileConfig!, name: `hygrpo ${path.basename(o.config ?? 'run')} ${new Date().toISOString()}` },
      threads: o.threads,
      signal: abort.signal,
      onStart: (r) => {
        const { from, steps: total, runDir, resumed } = r;
        runId = r.runId;
        steps = total;
        every = Math.max(1, Math.floor(total / 20));
        t0 = performance.now();
        if (o.json) emit({ event: 'start', runId, from, steps: total, runDir });
        else io.err(`run ${runId}: ${resumed && from > 0 ? `resuming after step ${from}` : 'starting'} (${total} steps)`);
      },
      onStep: (step, m) => {
        if (o.json) return emit({ event: 'step', runId, step, steps, metrics: m });
        const rate = (performance.now() - t0) / 1000 / ++shown;
        if (o.interactive) process.stderr.write(`\r${bar(step, steps, m, rate)}${step === steps ? '\n' : ''}`);
        else if (step % every === 0 || step === steps) io.err(bar(step, steps, m, rate));
      },
    });
    if (o.json) emit({ event: 'done', runId: result.runId, step: result.step, checkpoint: result.lastCheckpoint, seconds: result.seconds });
    else io.out(`run ${result.runId} completed: ${result.step} steps in ${result.seconds.toFixed(1)} s; last checkpoint ${result.lastCheckpoint}`);
    return 0;
  } catch (e) {
    return fail(e);
  } finally {
    process.off('SIGINT', onSigint);
    store.close();
  }
}
