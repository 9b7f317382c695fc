import { err, ok } from '../../shared/api/errors';
import type { HandlerTable } from './context';
import { fromStore } from './storage-guard';

const notFound = (id: string) => err('not_found', `No session with id "${id}".`, { id });

export const sessionHandlers: HandlerTable<
  'sessions.list' | 'sessions.get' | 'sessions.create' | 'sessions.rename' | 'sessions.delete'
> = {
  'sessions.list': (req, { store }) => {
    const r = fromStore('sessions.list', () => store.sessions.list(req.kind ? { kind: req.kind } : {}));
    return r.ok ? ok({ sessions: r.value }) : r;
  },

  'sessions.get': (req, { store }) => {
    const r = fromStore('sessions.get', () => store.sessions.get(req.id));
    if (!r.ok) return r;
    return r.value ? ok(r.value) : notFound(req.id);
  },

  'sessions.create': (req, { store, events }) => {
    const r = fromStore('sessions.create', () =>
      store.sessions.create({ name: req.name, kind: req.kind, pose: req.pose ?? null }),
    );
    if (r.ok) events.emit('sessions.changed', { id: r.value.id, change: 'created' });
    return r;
  },

  'sessions.rename': (req, { store, events }) => {
    const r = fromStore('sessions.rename', () => store.sessions.rename(req.id, req.name));
    if (!r.ok) return r;
    if (!r.value) return notFound(req.id);
    events.emit('sessions.changed', { id: req.id, change: 'updated' });
    return ok(r.value);
  },

  'sessions.delete': (req, { store, events }) => {
    const r = fromStore('sessions.delete', () => store.sessions.delete(req.id));
    if (!r.ok) return r;
    if (r.value) events.emit('sessions.changed', { id: req.id, change: 'deleted' });
    return ok({ deleted: r.value });
  },
};
