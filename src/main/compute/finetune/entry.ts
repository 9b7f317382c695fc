/**
 * The training process: runs one HyGRPO run at a time for the studio, apart from the compute process, so a run
 * that takes hours never delays Generate and a crash in either leaves the other running. It speaks the compute
 * protocol (ready, request/response/progress, cancel); its methods are `finetune.run` and `finetune.stop`.
 */
import { connectToParent } from '../process/channel';
import { describeCompute } from '../process/compute-methods';
import { MethodError, MethodRegistry } from '../process/registry';
import { runSelfTest } from '../process/self-test';
import { serveRequests } from '../process/serve';
import { validateHyGRPOConfig } from '../rl/config';
import { openStore } from '../../storage';
import { FinetuneError, runRecordedHyGRPO } from './recorded-run';
import { RunParams, StopParams, type RunEvent, type RunOutcome } from './protocol';

/** The run in progress and how to stop it (the host allows one run at a time; so does this process). */
let current: { runId: string | null; stop: AbortController } | null = null;

function register(registry: MethodRegistry): void {
  registry.register('finetune.run', {
    params: RunParams,
    run: async (p, ctx): Promise<RunOutcome> => {
      if (current) throw new MethodError('conflict', `The training process is already running run ${current.runId ?? '(starting)'}.`);
      let source: Parameters<typeof runRecordedHyGRPO>[0]['source'];
      if ('config' in p.source) {
        const check = validateHyGRPOConfig(p.source.config);
        if (!check.ok) throw new MethodError('bad_request', 'The run config is not valid.', { errors: check.errors });
        source = { config: check.config, ...(p.source.name ? { name: p.source.name } : {}) };
      } else {
        source = { resume: p.source.resume };
      }
      const stop = new AbortController();
      current = { runId: null, stop };
      const signal = AbortSignal.any([ctx.signal, stop.signal]);
      const store = openStore({ dataDir: p.dataDir, ...(p.nativeBinding ? { nativeBinding: p.nativeBinding } : {}) });
      let steps = 1;
      const report = (fraction: number, e: RunEvent) => ctx.progress(fraction, JSON.stringify(e));
      try {
        const r = await runRecordedHyGRPO({
          store,
          source,
          threads: p.threads,
          signal,
          onStart: ({ runId, from, steps: total }) => {
            current!.runId = runId;
            steps = total;
            report(from / total, { event: 'start', runId, from, steps: total });
          },
          onStep: (step) => report(step / steps, { event: 'step', runId: current!.runId!, step, steps }),
          onCheckpoint: (step) => report(step / steps, { event: 'checkpoint', runId: current!.runId!, step, steps }),
        });
        return { runId: r.runId, step: r.step, lastCheckpoint: r.lastCheckpoint, seconds: r.seconds };
      } catch (e) {
        if (e instanceof FinetuneError) throw new MethodError(e.code, e.message, { errors: e.errors });
        if (signal.aborted) throw new MethodError('cancelled', 'The run was stopped.');
        throw e;
      } finally {
        current = null;
        store.close();
      }
    },
  });
  registry.register('finetune.stop', {
    params: StopParams,
    run: (p) => {
      if (!current || current.runId !== p.runId) return { stopping: false };
      current.stop.abort();
      return { stopping: true };
    },
  });
}

async function main(): Promise<void> {
  const channel = connectToParent();
  if (!channel) {
    process.stderr.write('The training process must be started by Pose-RFT Studio (no parent channel).\n');
    process.exit(2);
  }
  const selfTest = await runSelfTest();
  if (!selfTest.ok) process.stderr.write(`training: self-test failed: ${selfTest.detail}\n`);
  const registry = new MethodRegistry();
  register(registry);
  serveRequests(channel, registry, describeCompute(selfTest));
}

main().catch((e: unknown) => {
  process.stderr.write(`training: start-up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
