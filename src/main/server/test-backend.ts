import { EventEmitter } from 'node:events';
import { err, ok, type CallOptions, type Health, type Result } from '../../shared/api';

/**
 * A small in-memory backend for transport tests: what is under test is the HTTP/WS/IPC plumbing,
 * so this keeps just enough state (sessions by id) to tell calls apart and emits events on demand.
 */
export class InMemoryBackend {
  readonly invocations: { name: string; req: unknown }[] = [];
  /** Names of long-running calls whose signal was aborted, in order. */
  readonly aborted: string[] = [];
  /** Steps a long-running call takes (one progress report each, 5 ms apart) before it answers. */
  longRunSteps = 4;
  private readonly emitter = new EventEmitter();
  private readonly sessions = new Map<string, { id: string; name: string }>();
  private nextId = 1;

  async invoke(name: string, req: unknown, opts: CallOptions = {}): Promise<Result<unknown>> {
    this.invocations.push({ name, req });
    const r = req as Record<string, unknown>;
    switch (name) {
      case 'compute.speedTest':
        return this.longRun(name, opts);
      case 'app.info':
        return ok({ version: '0.0.0-test', mode: 'server', dataDir: '/tmp/x', platform: process.platform, node: process.version });
      case 'sessions.create': {
        const session = { id: `s${this.nextId++}`, name: String(r.name) };
        this.sessions.set(session.id, session);
        this.emit('sessions.changed', { id: session.id, change: 'created' });
        return ok({ ...session, kind: r.kind, pose: null, editCount: 0, createdAt: 'now', updatedAt: 'now' });
      }
      case 'sessions.get': {
        const s = this.sessions.get(String(r.id));
        return s ? ok(s) : err('not_found', `no session ${String(r.id)}`);
      }
      case 'compute.info':
        throw new Error('compute exploded');
      default:
        return err('internal', `test backend does not implement ${name}`);
    }
  }

  /** Reports progress step by step and stops, answering `cancelled`, as soon as the signal aborts. */
  private async longRun(name: string, { signal, onProgress }: CallOptions): Promise<Result<unknown>> {
    for (let i = 1; i <= this.longRunSteps; i++) {
      const aborted = await new Promise<boolean>((resolve) => {
        if (signal?.aborted) return resolve(true);
        const t = setTimeout(() => {
          signal?.removeEventListener('abort', stop);
          resolve(false);
        }, 5);
        const stop = () => {
          clearTimeout(t);
          resolve(true);
        };
        signal?.addEventListener('abort', stop, { once: true });
      });
      if (aborted) {
        this.aborted.push(name);
        return err('cancelled', `${name} was cancelled after ${i - 1} steps`);
      }
      onProgress?.({ fraction: i / this.longRunSteps, message: `step ${i}` });
    }
    return ok({ ort: 'none', provider: 'cpu', repeats: 1, rows: [{ size: 16, threads: 1, gflops: 1, ms: 1 }] });
  }

  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  listenerCount(event: string): number {
    return this.emitter.listenerCount(event);
  }

  emit(event: string, payload: unknown): void {
    this.emitter.emit(event, payload);
  }

  async health(): Promise<Health> {
    return { ok: true, version: '0.0.0-test', compute: { ort: 'none', providers: ['cpu'], active: ['cpu'], threads: 1 } };
  }
}
