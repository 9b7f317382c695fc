import { EventEmitter } from 'node:events';
import { err, ok, type Health, type Result } from '../../shared/api';

/**
 * A small in-memory backend for transport tests: what is under test is the HTTP/WS/IPC plumbing,
 * so this keeps just enough state (sessions by id) to tell calls apart and emits events on demand.
 */
export class InMemoryBackend {
  readonly invocations: { name: string; req: unknown }[] = [];
  private readonly emitter = new EventEmitter();
  private readonly sessions = new Map<string, { id: string; name: string }>();
  private nextId = 1;

  async invoke(name: string, req: unknown): Promise<Result<unknown>> {
    this.invocations.push({ name, req });
    const r = req as Record<string, unknown>;
    switch (name) {
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
