import { Group, Slider, Text } from '@mantine/core';

/** The analysed frames as a scrubber; the label shows the frame's time. */
export function TimelineScrubber({ frame, frameCount, fps, onChange }: { frame: number; frameCount: number; fps: number; onChange: (frame: number) => void }) {
  return (
    <Group gap="sm" wrap="nowrap" data-testid="timeline" data-frame={frame}>
      <Text size="xs" ff="monospace" w={110} data-testid="timeline-time">
        {(frame / fps).toFixed(2)} s · #{frame + 1}/{frameCount}
      </Text>
      <Slider
        style={{ flex: 1 }}
        min={0}
        max={Math.max(0, frameCount - 1)}
        step={1}
        value={frame}
        onChange={onChange}
        label={(v) => `${(v / fps).toFixed(2)} s`}
        disabled={frameCount < 2}
        thumbProps={{ 'aria-label': 'Frame' }}
        data-testid="timeline-slider"
      />
    </Group>
  );
}
