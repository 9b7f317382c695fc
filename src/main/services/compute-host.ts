import { err, type ApiError, type Result } from '../../shared/api/errors';
import type { EventPayload } from '../../shared/api/contract';
import { ChildMessage, type ComputeProcessInfo, type HostMessage, type Progress } from '../compute/process/protocol';

/** One running compute process, however it was started (child_process.fork or Electron's utilityProcess). */
export interface ComputeChild {
  readonly pid: number | undefined;
  send(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}
export type ComputeSpawner = () => ComputeChild;

export type ComputeStatus = EventPayload<'compute.status'>;

export interface ComputeHostOptions {
  spawn: ComputeSpawner;
  /** Crashes tolerated within a minute before the host gives up (until the minute has passed). Default 5. */
  maxRestartsPerMinute?: number;
  /** Delay before the n-th restart within the window (n ≥ 1). Default: 0, then 500 ms doubling up to 8 s. */
  backoffMs?: (n: number) => number;
  /** A process that has not said it is ready after this long is killed (and counts as a crash). Default 120 s. */
  readyTimeoutMs?: number;
  now?: () => number;
}

export interface RequestOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

interface Pending {
  method: string;
  resolve: (r: Result<unknown>) => void;
  onProgress?: (p: Progress) => void;
}

interface Waiter {
  resolve: (info: ComputeProcessInfo) => void;
  reject: (e: ApiError) => void;
}

type State = 'idle' | 'starting' | 'ready' | 'restarting' | 'stopped' | 'closed';

const WINDOW_MS = 60_000;

function defaultBackoff(n: number): number {
  return n <= 1 ? 0 : Math.min(8000, 500 * 2 ** (n - 2));
}

function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `signal ${signal}`;
  if (code !== null) return `exit code ${code}`;
  return 'no exit code';
}

/**
 * Owns the compute process: starts it, routes requests and progress, and restarts it after a crash.
 * Calls in flight when it dies fail with `compute_crashed`; calls made while it (re)starts wait for it.
 * Nothing stored lives in the compute process, so a restart loses only the interrupted calls.
 */
export class ComputeHost {
  private readonly spawnChild: ComputeSpawner;
  private readonly maxRestarts: number;
  private readonly backoff: (n: number) => number;
  private readonly readyTimeoutMs: number;
  private readonly now: () => number;

  private state: State = 'idle';
  private child: ComputeChild | null = null;
  private info: ComputeProcessInfo | null = null;
  private readonly pending = new Map<number, Pending>();
  private waiters: Waiter[] = [];
  private readonly statusListeners = new Set<(s: ComputeStatus) => void>();
  private crashTimes: number[] = [];
  private restartCount = 0;
  private nextId = 1;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private lastStatus: ComputeStatus = { state: 'stopped', pid: null, restarts: 0, message: 'Not started.' };
  private exitWaiters: Array<() => void> = [];

  constructor(opts: ComputeHostOptions) {
    this.spawnChild = opts.spawn;
    this.maxRestarts = opts.maxRestartsPerMinute ?? 5;
    this.backoff = opts.backoffMs ?? defaultBackoff;
    this.readyTimeoutMs = opts.readyTimeoutMs ?? 120_000;
    this.now = opts.now ?? Date.now;
  }

  /** Times the process has been restarted after a crash. */
  get restarts(): number {
    return this.restartCount;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The latest compute.status value. */
  status(): ComputeStatus {
    return { ...this.lastStatus };
  }

  onStatus(listener: (s: ComputeStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Starts the process if it is not running; idempotent. */
  start(): void {
    if (this.state === 'idle') this.spawn('Starting the compute process.');
  }

  /** Resolves with the process's self-description once it is ready (starting it if needed). */
  ready(): Promise<ComputeProcessInfo> {
    const blocked = this.unavailable();
    if (blocked) return Promise.reject(blocked);
    if (this.state === 'stopped') this.spawn('Starting the compute process again.');
    else this.start();
    if (this.state === 'ready' && this.info) return Promise.resolve(this.info);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async request(method: string, params: unknown, opts: RequestOptions = {}): Promise<Result<unknown>> {
    const { signal } = opts;
    if (signal?.aborted) return err('cancelled', `${method} was cancelled.`);
    let onAbortWhileWaiting: (() => void) | null = null;
    const readyOrAbort = new Promise<ComputeProcessInfo | 'aborted'>((resolve, reject) => {
      this.ready().then(resolve, reject);
      if (signal) {
        onAbortWhileWaiting = () => resolve('aborted');
        signal.addEventListener('abort', onAbortWhileWaiting, { once: true });
      }
    });
    try {
      const r = await readyOrAbort;
      if (r === 'aborted' || signal?.aborted) return err('cancelled', `${method} was cancelled.`);
    } catch (e) {
      return { ok: false, error: e as ApiError };
    } finally {
      if (signal && onAbortWhileWaiting) signal.removeEventListener('abort', onAbortWhileWaiting);
    }
    const child = this.child;
    if (!child) return err('compute_unavailable', `The compute process is not running; ${method} was not started.`);

    const id = this.nextId++;
    return new Promise<Result<unknown>>((resolve) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        this.post(child, { t: 'cancel', id });
        resolve(err('cancelled', `${method} was cancelled.`));
      };
      this.pending.set(id, {
        method,
        onProgress: opts.onProgress,
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.post(child, { t: 'request', id, method, params });
    });
  }

  /** Stops the process for good; calls in flight fail with `compute_unavailable`. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const error: ApiError = { code: 'compute_unavailable', message: 'The compute process was shut down.' };
    this.failPending(() => error);
    this.rejectWaiters(error);
    const child = this.child;
    if (child) {
      const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
      child.kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref?.())]);
    }
    this.child = null;
    this.info = null;
    this.emit({ state: 'stopped', pid: null, restarts: this.restartCount, message: 'The compute process was shut down.' });
  }

  private post(child: ComputeChild, msg: HostMessage): void {
    try {
      child.send(msg);
    } catch {
      // The channel closes just before the exit event; the exit handler fails the call.
    }
  }

  private unavailable(): ApiError | null {
    if (this.state === 'closed') return { code: 'compute_unavailable', message: 'The compute process was shut down.' };
    if (this.state === 'stopped' && this.recentCrashes() >= this.maxRestarts) {
      return {
        code: 'compute_unavailable',
        message: `The compute process crashed ${this.recentCrashes()} times within a minute and is not being restarted; try again later.`,
      };
    }
    return null;
  }

  private recentCrashes(): number {
    const since = this.now() - WINDOW_MS;
    this.crashTimes = this.crashTimes.filter((t) => t > since);
    return this.crashTimes.length;
  }

  private spawn(message: string): void {
    this.state = this.state === 'restarting' ? 'restarting' : 'starting';
    let child: ComputeChild;
    try {
      child = this.spawnChild();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.child = null;
      this.handleExit(null, null, null, `could not be started: ${why}`);
      return;
    }
    this.child = child;
    this.info = null;
    child.onMessage((m) => this.handleMessage(child, m));
    child.onExit((code, signal) => this.handleExit(child, code, signal));
    this.emit({ state: 'starting', pid: child.pid ?? null, restarts: this.restartCount, message });
    this.readyTimer = setTimeout(() => {
      if (this.child === child && this.state !== 'ready') child.kill();
    }, this.readyTimeoutMs);
    this.readyTimer.unref?.();
  }

  private handleMessage(child: ComputeChild, raw: unknown): void {
    if (child !== this.child) return;
    const parsed = ChildMessage.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write('compute host: ignored a malformed message from the compute process\n');
      return;
    }
    const msg = parsed.data;
    if (msg.t === 'ready') {
      if (this.readyTimer) clearTimeout(this.readyTimer);
      this.readyTimer = null;
      this.info = msg.info;
      if (this.state === 'closed') return;
      this.state = 'ready';
      const detail = msg.info.selfTest.ok ? 'self-test passed' : `self-test FAILED: ${msg.info.selfTest.detail}`;
      this.emit({
        state: 'ready',
        pid: child.pid ?? null,
        restarts: this.restartCount,
        message: `Compute process ready (ONNX Runtime ${msg.info.ort}, ${msg.info.active.join('+') || 'cpu'}; ${detail}).`,
      });
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w.resolve(msg.info);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled or unknown; its late answer is dropped
    if (msg.t === 'progress') {
      try {
        p.onProgress?.({ fraction: msg.fraction, message: msg.message });
      } catch {
        // A failing progress listener must not break the call.
      }
      return;
    }
    this.pending.delete(msg.id);
    p.resolve(msg.result as Result<unknown>);
  }

  private handleExit(child: ComputeChild | null, code: number | null, signal: string | null, why?: string): void {
    if (child && child !== this.child) return;
    this.child = null;
    this.info = null;
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    const exitWaiters = this.exitWaiters;
    this.exitWaiters = [];
    for (const w of exitWaiters) w();
    if (this.state === 'closed') return;

    this.crashTimes.push(this.now());
    const crashes = this.recentCrashes();
    const willRestart = crashes <= this.maxRestarts;
    const delay = willRestart ? Math.max(0, this.backoff(crashes)) : 0;
    const how = why ?? `exited unexpectedly (${describeExit(code, signal)})`;
    const after = !willRestart
      ? `it crashed ${crashes} times within a minute and is not being restarted`
      : delay === 0
        ? 'it has been restarted'
        : `it will be restarted in ${(delay / 1000).toFixed(1)} s`;
    this.failPending((method) => ({
      code: 'compute_crashed',
      message: `The compute process ${how} while running ${method}; ${after}.`,
      details: { method, exitCode: code, signal },
    }));
    this.emit({ state: 'crashed', pid: null, restarts: this.restartCount, message: `The compute process ${how}; ${after}.` });

    if (!willRestart) {
      this.state = 'stopped';
      this.rejectWaiters({
        code: 'compute_unavailable',
        message: `The compute process crashed ${crashes} times within a minute and is not being restarted; try again later.`,
      });
      this.emit({ state: 'stopped', pid: null, restarts: this.restartCount, message: `The compute process ${how}; ${after}.` });
      return;
    }
    this.state = 'restarting';
    const restart = (): void => {
      this.restartTimer = null;
      if (this.state !== 'restarting') return;
      this.restartCount++;
      this.emit({ state: 'restarting', pid: null, restarts: this.restartCount, message: 'Restarting the compute process.' });
      this.spawn('Restarting the compute process.');
    };
    if (delay === 0) restart();
    else {
      this.restartTimer = setTimeout(restart, delay);
      this.restartTimer.unref?.();
    }
  }

  private failPending(error: (method: string) => ApiError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.resolve({ ok: false, error: error(p.method) });
  }

  private rejectWaiters(e: ApiError): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(e);
  }

  private clearTimers(): void {
    if (this.readyTimer) clearTimeout(this.readyTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.readyTimer = null;
    this.restartTimer = null;
  }

  private emit(s: ComputeStatus): void {
    this.lastStatus = s;
    for (const l of [...this.statusListeners]) {
      try {
        l({ ...s });
      } catch {
        // Listeners belong to transports; one failing must not stop the others.
      }
    }
  }
}
