// `pose-studio finetune`: config errors as data, and a run killed with SIGKILL mid-run (a child process running
// the CLI from source through tsx) that resumes to the same metrics an uninterrupted run logs, every step once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveParams } from '../compute/graph/checkpoint';
import { trainTinyPolicy } from '../compute/models/policy/test-util';
import type { HyGRPOConfig } from '../compute/rl/config';
import { tinyBookkeepingConfig } from '../compute/rl/test-util';
import { loadTokenizer } from '../compute/text/tokenizer';
import { openStore } from '../storage';
import type { CliIO } from './io';
import { runCli } from './run';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function memoryIO(): CliIO & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (l) => out_.push(l), err: (l) => err_.push(l) };
}

/** Runs the CLI from source in a child; kills it with SIGKILL once `killAt` returns true for a JSON event. */
function cliChild(args: string[], killAt?: (event: Record<string, unknown>) => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; events: Record<string, unknown>[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main/cli/index.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const events: Record<string, unknown>[] = [];
    let buf = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const e = JSON.parse(line) as Record<string, unknown>;
        events.push(e);
        if (killAt?.(e)) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, events, stderr }));
  });
}

describe('pose-studio finetune', () => {
  let dir: string;
  let cfgFile: string;
  const cfg = (): HyGRPOConfig => tinyBookkeepingConfig(path.join(dir, 'policy'), { steps: 20, checkpointEvery: 4 });
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'finetune-'));
    const tok = loadTokenizer();
    const { cfg: pc, result } = await trainTinyPolicy(tok);
    saveParams(path.join(dir, 'policy'), result.store, pc);
    cfgFile = path.join(dir, 'run.json');
    writeFileSync(cfgFile, JSON.stringify(cfg()));
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports an invalid config as path-tagged errors and exits 1', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...cfg(), groupSize: 1, typo: true }));
    const io = memoryIO();
    expect(await runCli(['finetune', '--config', bad, '--data-dir', path.join(dir, 'bad-data'), '--json'], io)).toBe(1);
    const e = JSON.parse(io.out_[0]!) as { event: string; errors: string[] };
    expect(e.event).toBe('error');
    expect(e.errors.some((l) => l.startsWith('groupSize:'))).toBe(true);
    expect(e.errors.some((l) => l.includes('typo'))).toBe(true);
    expect(io.err_.join('\n')).toMatch(/not a valid HyGRPO config/);
    const missing = memoryIO();
    expect(await runCli(['finetune', '--resume', 'no-such-run', '--data-dir', path.join(dir, 'bad-data')], missing)).toBe(1);
    expect(missing.err_.join('\n')).toMatch(/no run no-such-run/);
  });

  it('survives SIGKILL mid-run: the resumed run ends with every step once, the uninterrupted run’s numbers and an intact database', async () => {
    const t0 = performance.now();
    // The uninterrupted run, in process.
    const whole = memoryIO();
    const wholeDir = path.join(dir, 'whole');
    expect(await runCli(['finetune', '--config', cfgFile, '--data-dir', wholeDir, '--json'], whole)).toBe(0);
    const tWhole = performance.now();

    // The same run killed after step 10 (checkpoints at 4 and 8), then resumed.
    const dataDir = path.join(dir, 'killed');
    const killed = await cliChild(['finetune', '--config', cfgFile, '--data-dir', dataDir, '--json'], (e) => e.event === 'step' && (e.step as number) >= 10);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const runId = killed.events[0]!.runId as string;
    {
      const s = openStore({ dataDir });
      expect(s.trainingRuns.get(runId)!.status).toBe('running'); // killed: nobody marked it finished
      expect(s.runMetrics.lastStep(runId)).toBeGreaterThanOrEqual(10);
      expect(s.checkpoints.latest(runId)!.step).toBe(8);
      s.close();
    }
    const resumed = await cliChild(['finetune', '--resume', runId, '--data-dir', dataDir, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.events[0]).toMatchObject({ event: 'start', runId, from: 8 });
    expect(resumed.events.filter((e) => e.event === 'step').map((e) => e.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 9));

    const s = openStore({ dataDir });
    const w = openStore({ dataDir: wholeDir });
    try {
      expect(s.status().integrity).toBe('ok');
      expect(s.trainingRuns.get(runId)!.status).toBe('completed');
      expect(s.checkpoints.list(runId).map((c) => c.step)).toEqual([4, 8, 12, 16, 20]);
      const wholeRun = w.trainingRuns.list()[0]!;
      const names = s.runMetrics.names(runId);
      expect(names).toContain('loss');
      expect(names).toContain('reward.plausibility.mean');
      expect(names).toContain('eval.posecode_mu');
      for (const name of names) {
        const rows = s.runMetrics.list(runId, { name });
        // Evaluations: the starting policy (step 0), then every evalEvery steps.
        const want = name.startsWith('eval.') ? [0, 10, 20] : Array.from({ length: 20 }, (_, i) => i + 1);
        expect(rows.map((r) => r.step), name).toEqual(want);
      }
      // Only the checkpoint of an evaluation step carries the evaluation (with its probes).
      expect(s.checkpoints.list(runId).map((c) => c.step === 20 && typeof c.metrics.evaluation === 'object')).toEqual([false, false, false, false, true]);
      // Exact resume: weights, moments, query draws and sampling seeds all continue where the checkpoint left them.
      for (const name of ['loss', 'reward.plausibility.mean', 'kl_pose', 'grad_norm', 'entropy.text', 'eval.posecode_mu', 'eval.violation_rate']) {
        const a = s.runMetrics.list(runId, { name }).map((r) => r.value);
        const b = w.runMetrics.list(wholeRun.id, { name }).map((r) => r.value);
        expect(a, name).toEqual(b);
      }
    } finally {
      s.close();
      w.close();
    }
    console.log(`uninterrupted run ${((tWhole - t0) / 1000).toFixed(1)} s; killed + resumed ${((performance.now() - tWhole) / 1000).toFixed(1)} s`);
  }, 300_000);
});
