import { Select } from '@mantine/core';
import type { VideoSummary } from '@shared/api';

/** Earlier analyses, to look at their stored estimates again. */
export function VideoList({ videos, value, onChange }: { videos: readonly VideoSummary[]; value: string | null; onChange: (id: string) => void }) {
  return (
    <Select
      label="Analysed videos"
      placeholder={videos.length ? 'Choose one' : 'None yet'}
      data={videos.map((v) => ({ value: v.id, label: `${v.name} — ${v.estimated}/${v.frameCount} frames, ${v.flagged} flagged` }))}
      value={value}
      onChange={(id) => id && onChange(id)}
      disabled={!videos.length}
      w={360}
      data-testid="video-list"
    />
  );
}
