import { useMemo } from 'react';
import { Group, Text } from '@mantine/core';
import type { VideoFrameEstimate } from '@shared/api';
import { kneeFlexion } from './kneeFlexion';

const W = 600;
const H = 60;
const PAD = 4;

/** Knee flexion over time (0° straight), both legs, from each frame's pose; a cursor marks the current frame. */
export function KneeFlexionPlot({ frames, frameCount, current }: { frames: ReadonlyMap<number, VideoFrameEstimate>; frameCount: number; current: number }) {
  const series = useMemo(() => [...frames.values()].sort((a, b) => a.frame - b.frame).map((f) => ({ frame: f.frame, ...kneeFlexion(f.pose) })), [frames]);
  const max = Math.max(90, ...series.flatMap((s) => [s.left, s.right]));
  const x = (k: number) => PAD + (frameCount > 1 ? (k / (frameCount - 1)) * (W - 2 * PAD) : (W - 2 * PAD) / 2);
  const y = (deg: number) => H - PAD - (deg / max) * (H - 2 * PAD);
  const path = (side: 'left' | 'right') => series.map((s, i) => `${i ? 'L' : 'M'}${x(s.frame).toFixed(1)},${y(s[side]).toFixed(1)}`).join('');
  const now = series.find((s) => s.frame === current);
  return (
    <div>
      <Group justify="space-between" mb={2}>
        <Text size="xs" c="dimmed">
          Knee flexion over time (0° = straight, top = {max.toFixed(0)}°)
        </Text>
        <Text size="xs" data-testid="knee-now">
          <span style={{ color: '#e8590c' }}>left {now ? `${now.left.toFixed(0)}°` : '—'}</span> ·{' '}
          <span style={{ color: '#1c7ed6' }}>right {now ? `${now.right.toFixed(0)}°` : '—'}</span>
        </Text>
      </Group>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} preserveAspectRatio="none" data-testid="knee-plot" data-points={series.length} style={{ display: 'block', background: 'var(--mantine-color-default-hover)', borderRadius: 6 }}>
        {[0, 45, 90].filter((d) => d <= max).map((d) => (
          <line key={d} x1={0} x2={W} y1={y(d)} y2={y(d)} stroke="var(--mantine-color-gray-4)" strokeWidth={0.5} vectorEffect="non-scaling-stroke" />
        ))}
        <path d={path('left')} fill="none" stroke="#e8590c" strokeWidth={2} vectorEffect="non-scaling-stroke" />
        <path d={path('right')} fill="none" stroke="#1c7ed6" strokeWidth={2} vectorEffect="non-scaling-stroke" />
        {series.map((s) => (
          <g key={s.frame}>
            <circle cx={x(s.frame)} cy={y(s.left)} r={2.5} fill="#e8590c" />
            <circle cx={x(s.frame)} cy={y(s.right)} r={2.5} fill="#1c7ed6" />
          </g>
        ))}
        <line x1={x(current)} x2={x(current)} y1={0} y2={H} stroke="var(--mantine-color-blue-5)" strokeWidth={1} vectorEffect="non-scaling-stroke" />
      </svg>
    </div>
  );
}
