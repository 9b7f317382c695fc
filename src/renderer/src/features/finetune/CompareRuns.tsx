import { useEffect, useState } from 'react';
import { Group, Select, Stack, Text } from '@mantine/core';
import type { FinetuneRun, FinetuneStepMetrics } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { COMPARE_METRICS } from './chartSpecs';
import { MetricChart } from './MetricChart';
import { seriesOf } from './seriesOf';

const COLORS = ['#4c6ef5', '#f76707'];

/** Two runs' curves of one metric on one chart (same smoothing as the live charts). */
export function CompareRuns({ runs, smoothing, initial }: { runs: FinetuneRun[]; smoothing: number; initial: string | null }) {
  const client = useClient();
  const [ids, setIds] = useState<[string | null, string | null]>([initial, runs.find((r) => r.id !== initial)?.id ?? null]);
  const [metric, setMetric] = useState<string>(COMPARE_METRICS[0]);
  const [rows, setRows] = useState<Record<string, FinetuneStepMetrics[]>>({});

  useEffect(() => {
    let live = true;
    for (const id of ids) {
      if (!id) continue;
      void client.call('finetune.get', { runId: id }).then((r) => {
        if (live && r.ok) setRows((m) => ({ ...m, [id]: r.value.metrics }));
      });
    }
    return () => {
      live = false;
    };
  }, [client, ids]);

  if (runs.length < 2) {
    return (
      <Text size="sm" c="dimmed">
        Two runs are needed to compare.
      </Text>
    );
  }
  const options = runs.map((r) => ({ value: r.id, label: `${r.name} (${r.status})` }));
  const label = (id: string) => runs.find((r) => r.id === id)?.name ?? id;
  return (
    <Stack gap="xs" data-testid="finetune-compare">
      <Group grow>
        <Select label="Run A" data={options} value={ids[0]} onChange={(v) => setIds([v, ids[1]])} />
        <Select label="Run B" data={options} value={ids[1]} onChange={(v) => setIds([ids[0], v])} />
        <Select label="Metric" data={[...COMPARE_METRICS]} value={metric} onChange={(v) => v && setMetric(v)} allowDeselect={false} />
      </Group>
      <MetricChart
        title={metric}
        smoothing={smoothing}
        height={200}
        series={ids
          .map((id, i) => (id ? { label: `${i === 0 ? 'A' : 'B'} · ${label(id)}`, color: COLORS[i]!, points: seriesOf(rows[id] ?? [], metric) } : null))
          .filter((s): s is NonNullable<typeof s> => s !== null)}
      />
    </Stack>
  );
}
