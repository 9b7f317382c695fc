import { memo } from 'react';
import { Badge, Group, Text } from '@mantine/core';
import { PoseCardPicture, poseCardKeys, poseCardStyle } from '../../viewport/PoseCard';
import { usePoseThumbnail } from '../../viewport/PoseThumbnails';
import type { ThumbnailScheme } from '../../viewport/thumbnailQueue';
import { formatScore, scoreBarPercent } from './describeSearch';

export interface RankedPoseItem {
  id: string;
  pose: ArrayLike<number>;
  label: string;
  caption: string;
  /** 1-based place in the ranking. */
  rank: number;
  /** Cosine similarity with the description. */
  score: number;
}

/**
 * Poses ranked against a description: each card shows its rank, its picture, its name and how well it matches (the
 * cosine as a bar and a number). Tab moves between cards, Space selects, Enter opens, the arrow keys step through.
 */
export function RankedPoseGrid({
  items,
  colorScheme,
  selectedId,
  onSelect,
  onOpen,
}: {
  items: readonly RankedPoseItem[];
  colorScheme: ThumbnailScheme;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  function step(e: React.KeyboardEvent<HTMLDivElement>, by: number) {
    const cells = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-testid="ranked-cell"]')];
    const at = cells.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const next = cells[Math.min(cells.length - 1, Math.max(0, at + by))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  }
  return (
    <div
      data-testid="ranked-grid"
      data-count={items.length}
      role="listbox"
      aria-label="Poses ranked by how well they match the description"
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowDown') step(e, 1);
        else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') step(e, -1);
      }}
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
        gap: 'var(--mantine-spacing-sm)',
      }}
    >
      {items.map((item) => (
        <RankedCell
          key={item.id}
          item={item}
          scheme={colorScheme}
          selected={item.id === selectedId}
          onSelect={onSelect}
          onOpen={onOpen}
        />
      ))}
    </div>
  );
}

const RankedCell = memo(function RankedCell({
  item,
  scheme,
  selected,
  onSelect,
  onOpen,
}: {
  item: RankedPoseItem;
  scheme: ThumbnailScheme;
  selected: boolean;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
}) {
  const url = usePoseThumbnail(item.id, item.pose, scheme);
  const score = formatScore(item.score);
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-label={`${item.rank}. ${item.label}, match ${score}`}
      tabIndex={0}
      data-testid="ranked-cell"
      data-pose-id={item.id}
      data-rank={item.rank}
      data-score={item.score}
      data-ready={url ? 'true' : 'false'}
      onClick={() => onSelect(item.id)}
      onDoubleClick={() => onOpen(item.id)}
      onKeyDown={poseCardKeys(item.id, onSelect, onOpen)}
      style={poseCardStyle(selected)}
    >
      <PoseCardPicture url={url} label={item.label} scheme={scheme}>
        <Badge
          size="sm"
          variant="filled"
          color={item.rank <= 3 ? 'indigo' : 'gray'}
          style={{ position: 'absolute', top: 6, left: 6 }}
          data-testid="ranked-cell-rank"
        >
          #{item.rank}
        </Badge>
      </PoseCardPicture>
      <div style={{ padding: '6px 8px 8px' }}>
        <Text size="sm" fw={600} lh={1.25} lineClamp={2} title={item.label} data-testid="ranked-cell-label">
          {item.label}
        </Text>
        <Text size="xs" c="dimmed" lh={1.3} truncate>
          {item.caption}
        </Text>
        <Group gap={6} wrap="nowrap" mt={4} title={`Cosine similarity with the description: ${score}`}>
          <div
            style={{
              flex: 1,
              height: 6,
              borderRadius: 3,
              background: 'var(--mantine-color-default-border)',
              overflow: 'hidden',
            }}
          >
            <div
              data-testid="ranked-cell-bar"
              style={{
                width: `${scoreBarPercent(item.score)}%`,
                height: '100%',
                background: 'var(--mantine-color-indigo-filled)',
              }}
            />
          </div>
          <Text size="xs" ff="monospace" data-testid="ranked-cell-score">
            {score}
          </Text>
        </Group>
      </div>
    </div>
  );
});
