import { err } from '../../shared/api/errors';
import { SpeedTestResult } from '../../shared/api/contract';
import type { HandlerTable } from './context';

export const computeHandlers: HandlerTable<'compute.speedTest'> = {
  // Runs in the compute process: ONNX Runtime blocks its thread, and a crash there must not take the backend.
  'compute.speedTest': async (req, { compute }, call) => {
    const r = await compute.request('compute.speedTest', req, {
      onProgress: (p) => call.progress(p),
      signal: call.signal,
    });
    if (!r.ok) return r;
    const parsed = SpeedTestResult.safeParse(r.value);
    if (!parsed.success) return err('internal', 'compute.speedTest: the compute process sent an unreadable result.');
    return { ok: true, value: parsed.data };
  },
};
