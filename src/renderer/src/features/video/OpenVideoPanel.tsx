import { useState } from 'react';
import { Button, FileButton, Group, Select, Text } from '@mantine/core';
import type { LandmarkModel } from '@shared/api';
import { ANALYSIS_RATES } from './analysisPlan';

const MODELS: { value: LandmarkModel; label: string }[] = [
  { value: 'lite', label: 'BlazePose lite (fastest)' },
  { value: 'full', label: 'BlazePose full' },
  { value: 'heavy', label: 'BlazePose heavy (most accurate)' },
];

/** Choosing a file, the analysis rate and the landmark model. */
export function OpenVideoPanel({ busy, onOpen }: { busy: boolean; onOpen: (file: File, fps: number, model: LandmarkModel) => void }) {
  const [fps, setFps] = useState('10');
  const [model, setModel] = useState<LandmarkModel>('full');
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select
        label="Frames analysed per second"
        data={ANALYSIS_RATES.map((r) => String(r))}
        value={fps}
        onChange={(v) => v && setFps(v)}
        allowDeselect={false}
        w={190}
        data-testid="video-rate"
      />
      <Select
        label="Landmark model"
        data={MODELS}
        value={model}
        onChange={(v) => v && setModel(v as LandmarkModel)}
        allowDeselect={false}
        w={240}
        data-testid="video-model"
      />
      <FileButton
        onChange={(f) => f && onOpen(f, Number(fps), model)}
        accept="video/*"
        disabled={busy}
        inputProps={{ 'data-testid': 'video-file-input' } as React.InputHTMLAttributes<HTMLInputElement>}
      >
        {(props) => (
          <Button {...props} disabled={busy} data-testid="video-open">
            Open video…
          </Button>
        )}
      </FileButton>
      <Text size="xs" c="dimmed" maw={260}>
        Frames are decoded here and sent to the compute process one by one.
      </Text>
    </Group>
  );
}
