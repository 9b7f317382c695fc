import { useMemo } from 'react';
import { Group, Paper, Text, Tooltip } from '@mantine/core';
import { emaSmooth, linePath, valueRange, type Point } from './smoothing';
import { formatMetric } from './formatMetric';

export interface ChartSeries {
  label: string;
  color: string;
  points: Point[];
}

interface Props {
  title: string;
  help?: string;
  series: ChartSeries[];
  /** EMA weight in [0, 1); the raw points stay drawn faintly under the smoothed line. */
  smoothing: number;
  testId?: string;
  height?: number;
}

const W = 320;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

/**
 * A per-step line chart in SVG: raw values faint, the EMA-smoothed line on top, first and last step on the x axis
 * and the value range on the y axis. `data-points` counts the steps drawn (tests watch it grow during a run).
 */
export function MetricChart({ title, help, series, smoothing, testId, height = 150 }: Props) {
  const drawn = useMemo(() => series.filter((s) => s.points.some((p) => p.value !== null && Number.isFinite(p.value))), [series]);
  const smoothed = useMemo(() => drawn.map((s) => emaSmooth(s.points, smoothing)), [drawn, smoothing]);
  const range = valueRange(drawn.map((s) => s.points));
  const steps = drawn.flatMap((s) => s.points.map((p) => p.step));
  const x0 = steps.length ? Math.min(...steps) : 0;
  const x1 = steps.length ? Math.max(...steps) : 1;
  const innerW = W - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const x = (step: number) => PAD.left + (x1 === x0 ? innerW / 2 : ((step - x0) / (x1 - x0)) * innerW);
  const y = (v: number) => (range ? PAD.top + (1 - (v - range[0]) / (range[1] - range[0])) * innerH : PAD.top + innerH / 2);
  const pointCount = drawn.length ? Math.max(...drawn.map((s) => s.points.filter((p) => p.value !== null).length)) : 0;
  const last = drawn.map((s, i) => ({ s, v: [...smoothed[i]!].reverse().find((p) => p.value !== null)?.value ?? null }));

  return (
    <Paper withBorder radius="md" p="xs" data-testid={testId} data-points={pointCount}>
      {/* Several series: the legend takes its own line(s) under the title rather than running over it. */}
      <Group justify="space-between" gap={4} wrap={drawn.length > 1 ? 'wrap' : 'nowrap'}>
        <Tooltip label={help ?? title} multiline w={260} disabled={!help}>
          <Text size="sm" fw={600} style={drawn.length > 1 ? { flexBasis: '100%' } : undefined}>
            {title}
          </Text>
        </Tooltip>
        <Group gap={8} wrap="wrap">
          {last.map(({ s, v }) => (
            <Text key={s.label} size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              <span style={{ color: s.color }}>●</span> {drawn.length > 1 ? `${s.label} ` : ''}
              {formatMetric(v)}
            </Text>
          ))}
        </Group>
      </Group>
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-label={title} style={{ display: 'block' }}>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} stroke="var(--mantine-color-default-border)" />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + innerH} stroke="var(--mantine-color-default-border)" />
        {range && (
          <>
            <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" fontSize="9" fill="var(--mantine-color-dimmed)">
              {formatMetric(range[1])}
            </text>
            <text x={PAD.left - 4} y={PAD.top + innerH} textAnchor="end" fontSize="9" fill="var(--mantine-color-dimmed)">
              {formatMetric(range[0])}
            </text>
          </>
        )}
        {steps.length > 0 && (
          <>
            <text x={PAD.left} y={height - 6} fontSize="9" fill="var(--mantine-color-dimmed)">
              {x0}
            </text>
            <text x={W - PAD.right} y={height - 6} textAnchor="end" fontSize="9" fill="var(--mantine-color-dimmed)">
              step {x1}
            </text>
          </>
        )}
        {drawn.map((s, i) => (
          <g key={s.label}>
            {smoothing > 0 && <path d={linePath(s.points, x, y)} fill="none" stroke={s.color} strokeOpacity={0.25} strokeWidth={1} />}
            <path d={linePath(smoothed[i]!, x, y)} fill="none" stroke={s.color} strokeWidth={1.8} />
            {s.points.length === 1 && s.points[0]!.value !== null && <circle cx={x(s.points[0]!.step)} cy={y(s.points[0]!.value)} r={2.5} fill={s.color} />}
          </g>
        ))}
        {!drawn.length && (
          <text x={W / 2} y={height / 2} textAnchor="middle" fontSize="11" fill="var(--mantine-color-dimmed)">
            no steps yet
          </text>
        )}
      </svg>
    </Paper>
  );
}
