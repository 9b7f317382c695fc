import { err, ok } from '../../shared/api/errors';
import { ComputeProcessInfo } from '../compute/process/protocol';
import type { HandlerTable } from './context';
import { fromStore } from './storage-guard';

export const systemHandlers: HandlerTable<'app.info' | 'compute.info' | 'storage.status'> = {
  'app.info': (_req, { app }) =>
    ok({ version: app.version, mode: app.mode, dataDir: app.dataDir, platform: process.platform, node: process.versions.node }),

  'compute.info': async (_req, { compute }) => {
    const r = await compute.request('compute.info', {});
    if (!r.ok) return r;
    const info = ComputeProcessInfo.safeParse(r.value);
    if (!info.success) return err('internal', 'compute.info: the compute process sent an unreadable description.');
    // The process cannot know how often it was restarted; the host can.
    return ok({ ...info.data, restarts: compute.restarts });
  },

  'storage.status': (_req, { store }) => fromStore('storage.status', () => store.status()),
};
