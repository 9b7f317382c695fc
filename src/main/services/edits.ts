import { err, ok } from '../../shared/api/errors';
import type { HandlerTable } from './context';
import { fromStore } from './storage-guard';

const noSession = (id: string) => err('not_found', `No session with id "${id}".`, { sessionId: id });

export const editHandlers: HandlerTable<'edits.save' | 'edits.list'> = {
  'edits.save': (req, { store, events }) => {
    const r = fromStore('edits.save', () => store.edits.save({ sessionId: req.sessionId, pose: req.pose, note: req.note }));
    if (!r.ok) return r;
    if (!r.value) return noSession(req.sessionId);
    events.emit('sessions.changed', { id: req.sessionId, change: 'updated' });
    return ok(r.value);
  },

  'edits.list': (req, { store }) => {
    // An unknown session is an error, not an empty history: the caller most likely has a stale id.
    const r = fromStore('edits.list', () => (store.sessions.get(req.sessionId) ? store.edits.list(req.sessionId) : null));
    if (!r.ok) return r;
    return r.value ? ok({ edits: r.value }) : noSession(req.sessionId);
  },
};
