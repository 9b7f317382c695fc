import { useCallback, useEffect, useState } from 'react';
import { Badge, Group, Loader, ScrollArea, Stack, Tabs, Text } from '@mantine/core';
import type { FinetunePreset, FinetuneRun } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { notifyError, notifySuccess } from '../../api/notify';
import { PoseThumbnailHost } from '../../viewport/PoseThumbnails';
import { ActivePolicyCard } from './ActivePolicyCard';
import { CheckpointList } from './CheckpointList';
import { CompareRuns } from './CompareRuns';
import type { ConfigJson } from './configForm';
import { LiveCharts } from './LiveCharts';
import { ProbeGallery } from './ProbeGallery';
import { RunForm } from './RunForm';
import { RunList } from './RunList';
import { STATUS_COLOR } from './runStatus';
import { policyDescription, useActivePolicy } from './useActivePolicy';
import { useRunDetail } from './useRunDetail';
import panes from '../../app/panes.module.css';
import classes from './Finetune.module.css';

/**
 * Reinforcement fine-tuning of the policy with HyGRPO: start a run from a preset or the form, watch its diagnostics
 * live, stop and resume it, inspect its checkpoints and probe poses, compare runs, and promote a checkpoint to be
 * the policy Generate uses. The run itself happens in the training process; this page only asks and listens.
 */
export function FinetunePage() {
  const client = useClient();
  const [presets, setPresets] = useState<FinetunePreset[] | null>(null);
  const [runs, setRuns] = useState<FinetuneRun[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [promotingId, setPromotingId] = useState<string | null>(null);
  const [reverting, setReverting] = useState(false);
  const [smoothing, setSmoothing] = useState(0.6);
  const [policy, setPolicy] = useActivePolicy();

  const loadRuns = useCallback(async () => {
    const r = await client.call('finetune.list', {});
    if (!r.ok) return notifyError('Loading the runs', r.error);
    setRuns(r.value.runs);
    setSelectedId((cur) => cur ?? r.value.runs[0]?.id ?? null);
  }, [client]);

  useEffect(() => {
    void client.call('finetune.presets', {}).then((r) => (r.ok ? setPresets(r.value.presets) : notifyError('Loading the presets', r.error)));
    void loadRuns();
    // Any run's status change (this window's or another's) refreshes the list.
    return client.subscribe('finetune.progress', (e) => {
      if (e.type === 'status') void loadRuns();
      else if (e.type === 'step') setRuns((list) => list.map((r) => (r.id === e.runId ? { ...r, step: e.step, status: e.status } : r)));
    });
  }, [client, loadRuns]);

  const detail = useRunDetail(selectedId);
  const busy = runs.some((r) => r.status === 'running') || starting;

  const start = async (config: ConfigJson, name: string | undefined) => {
    setStarting(true);
    const r = await client.call('finetune.start', { config, ...(name ? { name } : {}) });
    setStarting(false);
    if (!r.ok) return notifyError('Starting the run', r.error);
    setSelectedId(r.value.id);
    await loadRuns();
  };
  const stop = async (id: string) => {
    setPendingId(id);
    const r = await client.call('finetune.stop', { runId: id });
    setPendingId(null);
    if (!r.ok) notifyError('Stopping the run', r.error);
    await loadRuns();
    detail.reload();
  };
  const resume = async (id: string) => {
    setPendingId(id);
    const r = await client.call('finetune.resume', { runId: id });
    setPendingId(null);
    if (!r.ok) notifyError('Resuming the run', r.error);
    setSelectedId(id);
    await loadRuns();
    detail.reload();
  };
  const promote = async (checkpointId: string | null) => {
    if (checkpointId) setPromotingId(checkpointId);
    else setReverting(true);
    const r = await client.call('finetune.promote', { checkpointId });
    setPromotingId(null);
    setReverting(false);
    if (!r.ok) return notifyError(checkpointId ? 'Promoting the checkpoint' : 'Going back to the shipped policy', r.error);
    setPolicy(r.value);
    notifySuccess('Generate’s policy changed', `Generate now uses ${policyDescription(r.value)}.`);
  };

  const run = detail.run;
  return (
    <div className={classes.page} data-testid="finetune-page">
      <PoseThumbnailHost />
      <div className={panes.side}>
        <ScrollArea type="auto" style={{ flex: 1 }}>
          <Stack p="md" gap="md">
            <ActivePolicyCard policy={policy} reverting={reverting} onRevert={() => void promote(null)} />
            <div>
              <Text size="xs" fw={700} c="dimmed" className={panes.sectionTitle} mb={6}>
                Runs
              </Text>
              <RunList runs={runs} selectedId={selectedId} onSelect={setSelectedId} onStop={(id) => void stop(id)} onResume={(id) => void resume(id)} pendingId={pendingId} busy={busy} />
            </div>
            <div>
              <Text size="xs" fw={700} c="dimmed" className={panes.sectionTitle} mb={6}>
                New run
              </Text>
              {presets ? <RunForm presets={presets} busy={busy} starting={starting} onStart={(c, n) => void start(c, n)} /> : <Loader size="sm" />}
            </div>
          </Stack>
        </ScrollArea>
      </div>
      <div className={panes.center}>
        <Group className={panes.toolbar} px="md" py={8} justify="space-between" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Text fw={600} truncate data-testid="finetune-run-title">
              {run ? run.name : 'Fine-tune'}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {run
                ? `step ${run.step} of ${run.steps} · G ${String(run.config.groupSize)} × ${String(run.config.queriesPerStep)} queries · ${run.checkpointStep !== null ? `last checkpoint at step ${run.checkpointStep}` : 'no checkpoint yet'}`
                : 'HyGRPO reinforcement fine-tuning of the text→pose policy'}
            </Text>
          </div>
          {run && (
            <Badge color={STATUS_COLOR[run.status]} variant="light" data-testid="finetune-run-status">
              {run.status}
            </Badge>
          )}
        </Group>
        <ScrollArea type="auto" style={{ flex: 1 }}>
          {run && selectedId ? (
            <Tabs defaultValue="charts" p="md" keepMounted={false}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="charts">Charts</Tabs.Tab>
                <Tabs.Tab value="checkpoints" data-testid="tab-checkpoints">
                  Checkpoints ({detail.checkpoints.length})
                </Tabs.Tab>
                <Tabs.Tab value="probes" data-testid="tab-probes">
                  Probe gallery
                </Tabs.Tab>
                <Tabs.Tab value="compare" data-testid="tab-compare">
                  Compare runs
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="charts">
                <LiveCharts rows={detail.rows} smoothing={smoothing} onSmoothing={setSmoothing} />
              </Tabs.Panel>
              <Tabs.Panel value="checkpoints">
                <CheckpointList checkpoints={detail.checkpoints} promotingId={promotingId} onPromote={(id) => void promote(id)} />
              </Tabs.Panel>
              <Tabs.Panel value="probes">
                <ProbeGallery checkpoints={detail.checkpoints} runId={selectedId} />
              </Tabs.Panel>
              <Tabs.Panel value="compare">
                <CompareRuns runs={runs} smoothing={smoothing} initial={selectedId} />
              </Tabs.Panel>
            </Tabs>
          ) : (
            <Text c="dimmed" size="sm" p="md">
              Start a run on the left, or pick one from the list, to see its charts, checkpoints and probes.
            </Text>
          )}
        </ScrollArea>
      </div>
    </div>
  );
}
