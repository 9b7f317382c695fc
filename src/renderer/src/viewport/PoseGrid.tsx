import { memo } from 'react';
import { Text } from '@mantine/core';
import { PoseCardPicture, poseCardKeys, poseCardStyle } from './PoseCard';
import { usePoseThumbnail } from './PoseThumbnails';
import type { ThumbnailScheme } from './thumbnailQueue';

export interface PoseGridItem {
  id: string;
  /** 66 or 72 axis-angle values (radians). */
  pose: ArrayLike<number>;
  label: string;
  /** A second, dimmer line (a category, a frame time). */
  caption?: string;
}

export interface PoseGridProps {
  items: readonly PoseGridItem[];
  colorScheme: ThumbnailScheme;
  selectedId?: string | null;
  onSelect?: (id: string) => void;
  onOpen?: (id: string) => void;
  /** Narrowest a cell may get before the grid drops a column (CSS pixels). */
  minCellWidth?: number;
  testId?: string;
}

/**
 * A grid of posed mannequins, each framed on its own body from a front-three-quarter view with its name under
 * it. Every picture comes from the single thumbnail renderer (mount a PoseThumbnailHost on the page), so a
 * hundred cells cost one WebGL context and nothing once drawn.
 */
export function PoseGrid({
  items,
  colorScheme,
  selectedId = null,
  onSelect,
  onOpen,
  minCellWidth = 150,
  testId = 'pose-grid',
}: PoseGridProps) {
  return (
    <div
      data-testid={testId}
      data-count={items.length}
      role="listbox"
      aria-label="Poses"
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(auto-fill, minmax(${minCellWidth}px, 1fr))`,
        gap: 'var(--mantine-spacing-sm)',
      }}
    >
      {items.map((item) => (
        <PoseCell
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

const PoseCell = memo(function PoseCell({
  item,
  scheme,
  selected,
  onSelect,
  onOpen,
}: {
  item: PoseGridItem;
  scheme: ThumbnailScheme;
  selected: boolean;
  onSelect?: (id: string) => void;
  onOpen?: (id: string) => void;
}) {
  const url = usePoseThumbnail(item.id, item.pose, scheme);
  return (
    <div
      role="option"
      aria-selected={selected}
      tabIndex={0}
      data-testid="pose-cell"
      data-pose-id={item.id}
      data-ready={url ? 'true' : 'false'}
      onClick={() => onSelect?.(item.id)}
      onDoubleClick={() => onOpen?.(item.id)}
      onKeyDown={poseCardKeys(item.id, onSelect, onOpen)}
      style={poseCardStyle(selected)}
    >
      <PoseCardPicture url={url} label={item.label} scheme={scheme} />
      <div style={{ padding: '6px 8px 8px' }}>
        <Text size="sm" fw={600} lh={1.25} lineClamp={2} title={item.label} data-testid="pose-cell-label">
          {item.label}
        </Text>
        {item.caption && (
          <Text size="xs" c="dimmed" lh={1.3} truncate>
            {item.caption}
          </Text>
        )}
      </div>
    </div>
  );
});
