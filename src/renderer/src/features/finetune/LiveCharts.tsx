import { Group, SimpleGrid, Slider, Stack, Text } from '@mantine/core';
import type { FinetuneStepMetrics } from '@shared/api';
import { CHART_SPECS } from './chartSpecs';
import { MetricChart } from './MetricChart';
import { seriesOf } from './seriesOf';

interface Props {
  rows: readonly FinetuneStepMetrics[];
  smoothing: number;
  onSmoothing: (w: number) => void;
}

/** The run's per-step diagnostics, one chart per CHART_SPECS entry, with one smoothing slider for all. */
export function LiveCharts({ rows, smoothing, onSmoothing }: Props) {
  return (
    <Stack gap="xs">
      <Group gap="sm" wrap="nowrap">
        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
          Smoothing
        </Text>
        <Slider
          data-testid="finetune-smoothing"
          value={smoothing}
          onChange={onSmoothing}
          min={0}
          max={0.95}
          step={0.05}
          w={200}
          label={(v) => (v === 0 ? 'off' : `EMA ${v.toFixed(2)}`)}
        />
        <Text size="xs" c="dimmed">
          {smoothing === 0 ? 'raw values' : `exponential moving average, weight ${smoothing.toFixed(2)} (raw values faint)`}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="xs">
        {CHART_SPECS.map((c) => (
          <MetricChart
            key={c.id}
            testId={`chart-${c.id}`}
            title={c.title}
            help={c.help}
            smoothing={smoothing}
            series={c.series.map((s) => ({ label: s.label, color: s.color, points: seriesOf(rows, s.metric) }))}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
