import { useState } from 'react';
import { Group, ScrollArea, SegmentedControl, Stack, Text, useComputedColorScheme } from '@mantine/core';
import type { FinetuneCheckpoint } from '@shared/api';
import { usePoseThumbnail } from '../../viewport/PoseThumbnails';
import type { ThumbnailScheme } from '../../viewport/thumbnailQueue';
import { probeRows } from './probeGrid';

function ProbeThumb({ id, pose, scheme }: { id: string; pose: readonly number[]; scheme: ThumbnailScheme }) {
  const url = usePoseThumbnail(id, pose, scheme);
  return url ? (
    <img src={url} alt="" width={90} height={108} style={{ borderRadius: 6, display: 'block' }} draggable={false} />
  ) : (
    <div style={{ width: 90, height: 108, borderRadius: 6, background: 'var(--mantine-color-default-hover)' }} />
  );
}

/**
 * The same probe prompts with the same seeds rendered at every evaluated checkpoint: a row per prompt, a column
 * per checkpoint, the Gaussian head's mean (μ) or the seeded sample.
 */
export function ProbeGallery({ checkpoints, runId }: { checkpoints: FinetuneCheckpoint[]; runId: string }) {
  const scheme = useComputedColorScheme('light');
  const [which, setWhich] = useState<'mu' | 'sample'>('mu');
  const { steps, rows } = probeRows(checkpoints);
  if (!rows.length) {
    return (
      <Text size="sm" c="dimmed" data-testid="probe-gallery-empty">
        No probes yet: checkpoints of this run carry no evaluation. Where the engine evaluates a checkpoint, its probe
        poses (fixed prompts, fixed seeds) appear here side by side.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="probe-gallery">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          Same prompt, same seed, each checkpoint: how the policy’s answer changed.
        </Text>
        <SegmentedControl size="xs" value={which} onChange={(v) => setWhich(v as 'mu' | 'sample')} data={[{ value: 'mu', label: 'μ (mean)' }, { value: 'sample', label: 'sample' }]} />
      </Group>
      <ScrollArea>
        <table style={{ borderCollapse: 'separate', borderSpacing: 6 }}>
          <thead>
            <tr>
              <th />
              {steps.map((s) => (
                <th key={s}>
                  <Text size="xs" c="dimmed">
                    step {s}
                  </Text>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.seed}-${r.prompt}`}>
                <td style={{ maxWidth: 180, verticalAlign: 'middle' }}>
                  <Text size="xs">{r.prompt}</Text>
                  <Text size="xs" c="dimmed">
                    seed {r.seed}
                  </Text>
                </td>
                {steps.map((s) => {
                  const cell = r.cells.find((c) => c.step === s);
                  return (
                    <td key={s}>
                      {cell && (which === 'mu' ? cell.mu : cell.sample) ? <ProbeThumb id={`probe-${runId}-${s}-${r.seed}-${which}`} pose={(which === 'mu' ? cell.mu : cell.sample)!} scheme={scheme} /> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </Stack>
  );
}
