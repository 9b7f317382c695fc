import { useState } from 'react';
import { ActionIcon, Group, Kbd, Stack, Text, Tooltip } from '@mantine/core';
import type { GenerationCandidate } from '@shared/api';
import { usePoseThumbnail } from '../../viewport/PoseThumbnails';
import type { ThumbnailScheme } from '../../viewport/thumbnailQueue';
import { CANDIDATE_DRAG_TYPE } from './CandidateGrid';
import { candidateLabel, formatScore, semanticScore } from './candidateInfo';
import { IconArrowDown, IconArrowUp, IconClose, IconGrip, IconStar } from './GenerateIcons';

/**
 * The user's ranking, best first: rows drag to a new place (cards from the grid drop in too), and each row has
 * buttons to move it up or down or take it out.
 */
export function RankingList({
  ranked,
  scheme,
  selectedId,
  onSelect,
  onMove,
  onStep,
  onRemove,
}: {
  /** Ranked candidates, best first. */
  ranked: readonly GenerationCandidate[];
  scheme: ThumbnailScheme;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Put a candidate at a 0-based place (ranking it if it was not). */
  onMove: (id: string, place: number) => void;
  onStep: (id: string, by: -1 | 1) => void;
  onRemove: (id: string) => void;
}) {
  const [dropAt, setDropAt] = useState<number | null>(null);
  const accept = (e: React.DragEvent, place: number) => {
    if (!e.dataTransfer.types.includes(CANDIDATE_DRAG_TYPE)) return;
    e.preventDefault();
    e.stopPropagation();
    setDropAt(place);
  };
  const drop = (e: React.DragEvent, place: number) => {
    const id = e.dataTransfer.getData(CANDIDATE_DRAG_TYPE);
    setDropAt(null);
    if (!id) return;
    e.preventDefault();
    e.stopPropagation();
    // Dropping below its own row: the rows after it move up by one once it leaves.
    const from = ranked.findIndex((c) => c.id === id);
    onMove(id, from >= 0 && from < place ? place - 1 : place);
  };
  return (
    <Stack
      gap={4}
      data-testid="ranking-list"
      data-count={ranked.length}
      onDragOver={(e) => accept(e, ranked.length)}
      onDragLeave={() => setDropAt(null)}
      onDrop={(e) => drop(e, ranked.length)}
      style={{ minHeight: 64 }}
    >
      {ranked.length === 0 && (
        <Text size="xs" c="dimmed" p="xs" ta="center" style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 8 }}>
          Drag candidates here, or select one and press <Kbd size="xs">R</Kbd> to rank it next (
          <Kbd size="xs">Shift</Kbd>+<Kbd size="xs">1</Kbd>…<Kbd size="xs">9</Kbd> for a place).
        </Text>
      )}
      {ranked.map((c, i) => (
        <div
          key={c.id}
          onDragOver={(e) => accept(e, i)}
          onDrop={(e) => drop(e, i)}
          style={{ borderTop: dropAt === i ? '2px solid var(--mantine-color-indigo-filled)' : '2px solid transparent' }}
        >
          <RankingRow
            c={c}
            place={i + 1}
            last={i === ranked.length - 1}
            scheme={scheme}
            selected={c.id === selectedId}
            onSelect={onSelect}
            onStep={onStep}
            onRemove={onRemove}
          />
        </div>
      ))}
      {ranked.length > 0 && dropAt === ranked.length && (
        <div style={{ borderTop: '2px solid var(--mantine-color-indigo-filled)' }} />
      )}
    </Stack>
  );
}

function RankingRow({
  c,
  place,
  last,
  scheme,
  selected,
  onSelect,
  onStep,
  onRemove,
}: {
  c: GenerationCandidate;
  place: number;
  last: boolean;
  scheme: ThumbnailScheme;
  selected: boolean;
  onSelect: (id: string) => void;
  onStep: (id: string, by: -1 | 1) => void;
  onRemove: (id: string) => void;
}) {
  const label = candidateLabel(c);
  return (
    <Group
      gap={6}
      wrap="nowrap"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(CANDIDATE_DRAG_TYPE, c.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onClick={() => onSelect(c.id)}
      data-testid="ranking-row"
      data-candidate-id={c.id}
      data-place={place}
      style={{
        padding: '3px 6px 3px 2px',
        borderRadius: 8,
        cursor: 'grab',
        border: `1px solid ${selected ? 'var(--mantine-color-indigo-filled)' : 'var(--mantine-color-default-border)'}`,
        background: 'var(--mantine-color-body)',
      }}
    >
      <span style={{ color: 'var(--mantine-color-dimmed)', display: 'flex' }}>
        <IconGrip size={14} />
      </span>
      <Text size="sm" fw={700} w={22} ta="right" c={place === 1 ? 'orange' : undefined}>
        {place}
      </Text>
      {c.pose ? <RowThumb id={c.id} pose={c.pose} scheme={scheme} /> : <div style={{ width: 30, height: 36 }} />}
      <div style={{ flex: 1, minWidth: 0 }}>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" truncate>
            {label}
          </Text>
          {c.picked && (
            <span style={{ color: 'var(--mantine-color-yellow-filled)', display: 'flex' }} title="Kept">
              <IconStar size={12} filled />
            </span>
          )}
        </Group>
        <Text size="xs" c="dimmed" ff="monospace">
          {formatScore(semanticScore(c))}
        </Text>
      </div>
      <ActionIcon.Group>
        <Tooltip label="Better">
          <ActionIcon size="sm" variant="default" aria-label={`Move ${label} up`} disabled={place === 1} onClick={(e) => { e.stopPropagation(); onStep(c.id, -1); }}>
            <IconArrowUp size={12} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Worse">
          <ActionIcon size="sm" variant="default" aria-label={`Move ${label} down`} disabled={last} onClick={(e) => { e.stopPropagation(); onStep(c.id, 1); }}>
            <IconArrowDown size={12} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Unrank">
          <ActionIcon size="sm" variant="default" aria-label={`Unrank ${label}`} onClick={(e) => { e.stopPropagation(); onRemove(c.id); }} data-testid="ranking-remove">
            <IconClose size={12} />
          </ActionIcon>
        </Tooltip>
      </ActionIcon.Group>
    </Group>
  );
}

/** The row's small picture: the grid card's thumbnail (same key, so drawn once). */
function RowThumb({ id, pose, scheme }: { id: string; pose: readonly number[]; scheme: ThumbnailScheme }) {
  const url = usePoseThumbnail(id, pose, scheme);
  return url ? (
    <img src={url} alt="" width={30} height={36} style={{ borderRadius: 4, objectFit: 'cover' }} draggable={false} />
  ) : (
    <div style={{ width: 30, height: 36 }} />
  );
}
