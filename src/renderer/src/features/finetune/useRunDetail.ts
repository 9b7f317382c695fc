import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, FinetuneCheckpoint, FinetuneRun, FinetuneStepMetrics } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { mergeSteps, truncateAfter } from './seriesOf';

export interface RunDetail {
  run: FinetuneRun | null;
  rows: FinetuneStepMetrics[];
  checkpoints: FinetuneCheckpoint[];
  error: ApiError | null;
  reload: () => void;
}

/**
 * A run with its metrics and checkpoints, kept live: each `finetune.progress` step event appends its metrics
 * (no refetch per step), a checkpoint event reloads the checkpoint list, and a status change reloads the run (a
 * resume drops the steps after its checkpoint, so the rows are cut back to it first).
 */
export function useRunDetail(runId: string | null, onRunChanged?: () => void): RunDetail {
  const client = useClient();
  const [run, setRun] = useState<FinetuneRun | null>(null);
  const [rows, setRows] = useState<FinetuneStepMetrics[]>([]);
  const [checkpoints, setCheckpoints] = useState<FinetuneCheckpoint[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const changed = useRef(onRunChanged);
  changed.current = onRunChanged;

  const loadCheckpoints = useCallback(
    async (id: string) => {
      const r = await client.call('finetune.checkpoints', { runId: id });
      if (r.ok) setCheckpoints(r.value.checkpoints);
    },
    [client],
  );

  useEffect(() => {
    if (!runId) {
      setRun(null);
      setRows([]);
      setCheckpoints([]);
      return;
    }
    let live = true;
    void client.call('finetune.get', { runId }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setRun(r.value.run);
        setRows(r.value.metrics);
        setError(null);
      } else setError(r.error);
    });
    void loadCheckpoints(runId);
    const off = client.subscribe('finetune.progress', (e) => {
      if (e.runId !== runId) return;
      if (e.type === 'step' && e.metrics) {
        const row = { step: e.step, values: e.metrics };
        setRows((held) => mergeSteps(truncateAfter(held, e.step - 1), [row]));
        setRun((r) => (r ? { ...r, step: e.step, status: e.status } : r));
      } else if (e.type === 'checkpoint') {
        // The header's "last checkpoint at step N" follows the event rather than waiting for the run's next reload.
        setRun((r) => (r ? { ...r, checkpointStep: Math.max(r.checkpointStep ?? 0, e.step) } : r));
        void loadCheckpoints(runId);
      } else {
        void client.call('finetune.get', { runId }).then((r) => {
          if (!live || !r.ok) return;
          setRun(r.value.run);
          setRows(r.value.metrics);
        });
        void loadCheckpoints(runId);
        changed.current?.();
      }
    });
    const offPolicy = client.subscribe('finetune.activePolicy', () => void loadCheckpoints(runId));
    return () => {
      live = false;
      off();
      offPolicy();
    };
  }, [client, runId, tick, loadCheckpoints]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { run, rows, checkpoints, error, reload };
}
