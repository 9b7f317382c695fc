/**
 * The studio's side of the training process: starts it when a run starts (and lets it go when the run ends, so an
 * idle studio holds no training memory), allows one run at a time, turns the process's run events into
 * `finetune.progress` events carrying each step's metrics (read back from the database the process wrote them
 * to), and stops a run by asking the process, which ends it after the current step and records it cancelled.
 */
import os from 'node:os';
import { err, ok, type Result } from '../../shared/api/errors';
import { parseRunEvent, RunOutcome, type RunParams } from '../compute/finetune/protocol';
import type { Store } from '../storage';
import { ComputeHost, type ComputeSpawner } from './compute-host';
import type { EventHub } from './events';
import { runView } from './finetune-runs';

export interface TrainingSupervisorOptions {
  store: Store;
  events: EventHub;
  spawn: ComputeSpawner;
  nativeBinding?: string;
  /** ONNX Runtime threads of a run (default: half the cores, so Generate keeps the rest). */
  threads?: number;
}

interface ActiveRun {
  runId: string | null;
  /** Settles when the training process has answered `finetune.run` (the run has ended and is recorded). */
  done: Promise<Result<unknown>>;
}

/** How long stop waits for the current step to finish before answering anyway (a big step on a slow machine). */
const STOP_WAIT_MS = 120_000;

export class TrainingSupervisor {
  private host: ComputeHost | null = null;
  private active: ActiveRun | null = null;
  private closed = false;
  private readonly threads: number;

  constructor(private readonly o: TrainingSupervisorOptions) {
    this.threads = o.threads ?? Math.max(1, Math.floor(os.availableParallelism() / 2));
  }

  /** The run this studio is running, if any (null while a new run is still being created). */
  get activeRunId(): string | null {
    return this.active?.runId ?? null;
  }

  get busy(): boolean {
    return this.active !== null;
  }

  /**
   * Starts a run in the training process and answers with its id once it is recorded as running, or with the
   * error that kept it from starting (bad config, missing model, a crash while loading).
   */
  async start(source: RunParams['source']): Promise<Result<{ runId: string }>> {
    if (this.closed) return err('internal', 'The backend is shutting down.');
    if (this.active) return err('conflict', `Run ${this.active.runId ?? '(starting)'} is running; stop it before starting another.`, { runId: this.active.runId });
    const host = (this.host ??= new ComputeHost({ spawn: this.o.spawn, maxRestartsPerMinute: 2 }));
    let started: (runId: string) => void = () => undefined;
    const startedP = new Promise<string>((resolve) => (started = resolve));
    const active: ActiveRun = { runId: null, done: Promise.resolve(ok(null)) };
    this.active = active;
    let lastStep = 0;
    const params: RunParams = { dataDir: this.o.store.dataDir, source, threads: this.threads, ...(this.o.nativeBinding ? { nativeBinding: this.o.nativeBinding } : {}) };
    active.done = host.request('finetune.run', params, {
      onProgress: (p) => {
        const e = parseRunEvent(p.message);
        if (!e) return;
        if (e.event === 'start') {
          active.runId = e.runId;
          lastStep = e.from;
          started(e.runId);
          this.emitStatus(e.runId);
        } else if (e.event === 'step') {
          lastStep = this.emitSteps(e.runId, lastStep, e.steps);
        } else {
          this.o.events.emit('finetune.progress', { runId: e.runId, type: 'checkpoint', status: 'running', step: e.step, steps: e.steps });
        }
      },
    });
    void active.done.then((r) => {
      if (this.active === active) this.active = null;
      const runId = active.runId ?? (r.ok ? RunOutcome.safeParse(r.value).data?.runId : undefined);
      if (runId) this.emitStatus(runId);
      // The process has nothing else to do; letting it go returns its memory (weights, moments, ORT sessions).
      if (!this.active && this.host === host) {
        this.host = null;
        void host.close();
      }
    });
    const first = await Promise.race([startedP.then((runId) => ({ runId })), active.done.then((r) => ({ result: r }))]);
    if ('runId' in first) return ok({ runId: first.runId });
    if (first.result.ok) {
      const outcome = RunOutcome.safeParse(first.result.value);
      if (outcome.success) return ok({ runId: outcome.data.runId });
      return err('internal', 'The training process answered without a run.');
    }
    return first.result;
  }

  /** Stops the run after its current step; answers once it is recorded as stopped (or after STOP_WAIT_MS). */
  async stop(runId: string): Promise<Result<null>> {
    const active = this.active;
    if (!active || active.runId !== runId || !this.host) return err('conflict', `Run ${runId} is not running in this studio.`, { runId });
    const r = await this.host.request('finetune.stop', { runId });
    if (!r.ok) return r;
    await Promise.race([active.done, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
    return ok(null);
  }

  async close(): Promise<void> {
    this.closed = true;
    const host = this.host;
    this.host = null;
    // Closing ends the process; the run stays recorded as running with a dead owner, i.e. interrupted, resumable.
    await host?.close();
  }

  /** Emits one event per step recorded after `after`, each with its metrics; returns the last step emitted. */
  private emitSteps(runId: string, after: number, steps: number): number {
    let last = after;
    try {
      const rows = this.o.store.runMetrics.list(runId, { fromStep: after + 1 });
      const byStep = new Map<number, Record<string, number | null>>();
      for (const m of rows) {
        let v = byStep.get(m.step);
        if (!v) byStep.set(m.step, (v = {}));
        v[m.name] = m.value;
      }
      for (const [step, metrics] of byStep) {
        this.o.events.emit('finetune.progress', { runId, type: 'step', status: 'running', step, steps, metrics });
        last = Math.max(last, step);
      }
    } catch (e) {
      // The next step's event reads again from the same place; a busy database must not end the run.
      process.stderr.write(`training: could not read run ${runId}'s metrics: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    return last;
  }

  private emitStatus(runId: string): void {
    try {
      const rec = this.o.store.trainingRuns.get(runId);
      if (!rec) return;
      const v = runView(this.o.store, rec);
      this.o.events.emit('finetune.progress', { runId, type: 'status', status: v.status, step: v.step, steps: v.steps });
    } catch (e) {
      process.stderr.write(`training: could not read run ${runId}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}
