import { Text, Tooltip } from '@mantine/core';
import { VIDEO_FLAG_RULE, type VideoFrameEstimate } from '@shared/api';

const H = 60;

/**
 * One bar per analysed frame: its height is the policy's mean per-joint σ (up to twice the flag threshold), red when
 * the frame is flagged (high σ or low visibility), grey hatched where nobody was found. Clicking a bar selects it.
 */
export function UncertaintyTrack({
  frames,
  frameCount,
  current,
  onSelect,
}: {
  frames: ReadonlyMap<number, VideoFrameEstimate>;
  frameCount: number;
  current: number;
  onSelect: (frame: number) => void;
}) {
  const w = Math.max(frameCount, 1);
  const top = VIDEO_FLAG_RULE.maxMeanSigmaDeg * 2;
  const thresholdY = H - (VIDEO_FLAG_RULE.maxMeanSigmaDeg / top) * H;
  const flagged = [...frames.values()].filter((f) => f.flagged).length;
  return (
    <div>
      <Text size="xs" c="dimmed" mb={2}>
        Uncertainty (mean σ per frame; dashed: {VIDEO_FLAG_RULE.maxMeanSigmaDeg}° flag threshold) — {flagged} flagged
      </Text>
      <svg viewBox={`0 0 ${w} ${H}`} preserveAspectRatio="none" width="100%" height={H} data-testid="uncertainty-track" data-flagged={flagged} style={{ display: 'block', cursor: 'pointer' }}>
        {Array.from({ length: frameCount }, (_, k) => {
          const f = frames.get(k);
          if (!f) return <rect key={k} x={k + 0.1} y={H - 4} width={0.8} height={4} fill="var(--mantine-color-gray-5)" onClick={() => onSelect(k)} />;
          const h = Math.max(2, (Math.min(f.meanSigmaDeg ?? 0, top) / top) * H);
          return (
            <Tooltip key={k} label={`#${k + 1}: σ ${f.meanSigmaDeg?.toFixed(1) ?? '—'}°, visibility ${(f.bodyVisibility * 100).toFixed(0)} %${f.flagged ? ` — flagged (${f.reasons.join(', ')})` : ''}`}>
              <rect
                x={k + 0.1}
                y={H - h}
                width={0.8}
                height={h}
                fill={f.flagged ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-teal-6)'}
                data-testid={f.flagged ? 'flagged-frame' : undefined}
                onClick={() => onSelect(k)}
              />
            </Tooltip>
          );
        })}
        <line x1={0} x2={w} y1={thresholdY} y2={thresholdY} stroke="var(--mantine-color-red-5)" strokeDasharray="5 4" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        <rect x={current} y={0} width={1} height={H} fill="var(--mantine-color-blue-4)" fillOpacity={0.25} data-testid="uncertainty-cursor" />
      </svg>
    </div>
  );
}
