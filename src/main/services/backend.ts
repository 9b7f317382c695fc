import path from 'node:path';
import { calls, isCallName, type CallName, type CallOptions, type Health } from '../../shared/api/contract';
import { describeZodError, err, ok, type Result } from '../../shared/api/errors';
import { openStore } from '../storage';
import { ComputeHost, type ComputeSpawner } from './compute-host';
import { computeHandlers } from './compute';
import type { CallControl, HandlerTable, ServiceContext } from './context';
import { editHandlers } from './edits';
import { EventHub } from './events';
import { defaultTrainingEntry, forkSpawner } from './fork-spawner';
import { finetuneHandlers } from './finetune';
import { TrainingSupervisor } from './training-supervisor';
import { generateHandlers } from './generate';
import { captionHandlers } from './captions';
import { describeSearchHandlers } from './describe-search';
import { libraryHandlers } from './library';
import { motionHandlers } from './motion';
import { poseHandlers } from './poses';
import { sessionHandlers } from './sessions';
import { systemHandlers } from './system';
import { variationHandlers } from './variations';
import { videoHandlers } from './video';

export interface Backend {
  /**
   * Runs a call. `onProgress` hears a long-running call's progress (contract `progress: true`); aborting
   * `signal` cancels the call, which then answers `cancelled` (or its result, when it finished first).
   */
  invoke(name: string, req: unknown, opts?: CallOptions): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  health(): Promise<Health>;
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface CreateBackendOptions {
  dataDir: string;
  mode: 'electron' | 'server';
  version: string;
  /** How to start the compute process; child_process.fork of the built (or source) entry by default. */
  spawnCompute?: ComputeSpawner;
  /** How to start the training process (HyGRPO runs); child_process.fork of its entry by default. */
  spawnTraining?: ComputeSpawner;
  /** Path of better-sqlite3's native addon when it is not where Node would look (packaged Electron). */
  nativeBinding?: string;
}

const handlers: HandlerTable = {
  ...systemHandlers,
  ...computeHandlers,
  ...sessionHandlers,
  ...editHandlers,
  ...poseHandlers,
  ...libraryHandlers,
  ...captionHandlers,
  ...motionHandlers,
  ...variationHandlers,
  ...describeSearchHandlers,
  ...generateHandlers,
  ...finetuneHandlers,
  ...videoHandlers,
};

/** JSON-safe zod issues for `details`: paths may hold symbols and issues carry extras. */
function issueList(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message }));
}

/**
 * The backend every transport drives (Electron IPC, HTTP/WebSocket, CLI): it validates each request
 * against the contract, runs the call's handler, and validates the response before it leaves, so
 * callers only ever see contract-shaped values or error values.
 */
export async function createBackend(opts: CreateBackendOptions): Promise<Backend> {
  const dataDir = path.resolve(opts.dataDir);
  const store = openStore({ dataDir, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  const events = new EventHub();
  const compute = new ComputeHost({ spawn: opts.spawnCompute ?? forkSpawner() });
  const offStatus = compute.onStatus((s) => events.emit('compute.status', s));
  // Start now so that the first compute call (and health) finds the process ready or nearly so.
  compute.start();
  // Started on the first run only: most sessions never train.
  const training = new TrainingSupervisor({
    store,
    events,
    spawn: opts.spawnTraining ?? (() => forkSpawner(defaultTrainingEntry())()),
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  const ctx: ServiceContext = { store, compute, events, training, app: { version: opts.version, mode: opts.mode, dataDir } };
  let closed = false;

  async function run<N extends CallName>(name: N, req: unknown, opts: CallOptions = {}): Promise<Result<unknown>> {
    const spec = calls[name];
    const parsed = spec.request.safeParse(req === undefined ? {} : req);
    if (!parsed.success) {
      return err('bad_request', `${name}: ${describeZodError(parsed.error)}`, { issues: issueList(parsed.error.issues) });
    }
    if (opts.signal?.aborted) return err('cancelled', `${name} was cancelled before it started.`);
    const listener = spec.progress ? opts.onProgress : undefined;
    const control: CallControl = {
      signal: opts.signal ?? new AbortController().signal,
      progress(p) {
        if (!listener) return;
        const fraction = Number.isFinite(p.fraction) ? Math.min(1, Math.max(0, p.fraction)) : 0;
        try {
          listener({ fraction, message: String(p.message).slice(0, 1000) });
        } catch {
          // A transport's failing listener must not fail the call.
        }
      },
    };
    let result: Result<unknown>;
    try {
      result = await (
        handlers[name] as (r: unknown, c: ServiceContext, k: CallControl) => Promise<Result<unknown>> | Result<unknown>
      )(parsed.data, ctx, control);
    } catch (e) {
      process.stderr.write(`backend: ${name} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      return err('internal', `${name} failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!result.ok) return result;
    const checked = spec.response.safeParse(result.value);
    if (!checked.success) {
      // A contract violation is our bug; the caller gets a clean error, the log gets the specifics.
      process.stderr.write(`backend: ${name} produced an invalid response: ${describeZodError(checked.error)}\n`);
      return err('internal', `${name} produced a response that does not match the contract.`);
    }
    return ok(checked.data);
  }

  return {
    dataDir,
    async invoke(name, req, opts) {
      if (typeof name !== 'string' || !isCallName(name)) {
        const shown = typeof name === 'string' ? name.slice(0, 100) : typeof name;
        return err('unknown_call', `Unknown call "${shown}".`, { known: Object.keys(calls) });
      }
      if (closed) return err('internal', `${name}: the backend has been shut down.`);
      return run(name, req, opts);
    },
    subscribe(event, listener) {
      return events.subscribe(event, listener);
    },
    async health() {
      const info = await run('compute.info', {});
      if (!info.ok) {
        return { ok: false, version: opts.version, compute: { ort: 'unavailable', providers: [], active: [], threads: 0 } };
      }
      const c = calls['compute.info'].response.parse(info.value);
      return {
        ok: c.selfTest.ok,
        version: opts.version,
        compute: { ort: c.ort, providers: c.providers, active: c.active, threads: c.threads.intraOp },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      offStatus();
      await Promise.all([compute.close(), training.close()]);
      events.clear();
      store.close();
    },
  };
}
