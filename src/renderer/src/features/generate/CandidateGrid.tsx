import { memo, useState } from 'react';
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { GenerationCandidate } from '@shared/api';
import { PoseCardPicture, poseCardStyle } from '../../viewport/PoseCard';
import { usePoseThumbnail } from '../../viewport/PoseThumbnails';
import { PALETTES } from '../../viewport/palette';
import type { ThumbnailScheme } from '../../viewport/thumbnailQueue';
import { candidateLabel, formatScore, ordinal, semanticScore } from './candidateInfo';
import { IconStar } from './GenerateIcons';

/** The drag payload type for a candidate (its id), shared by the grid and the ranking list. */
export const CANDIDATE_DRAG_TYPE = 'application/x-pose-rft-candidate';

/**
 * The group's candidates as cards in the order they were sampled (so the keys 1–9 always mean the same card):
 * the picture, its rank, the kept mark, the semantic score and a flag on answers whose format is invalid.
 * Cards drag onto the ranking list or onto a ranked card to take its place.
 */
export function CandidateGrid({
  candidates,
  scheme,
  selectedId,
  onSelect,
  onOpen,
  onDropOn,
}: {
  candidates: readonly GenerationCandidate[];
  scheme: ThumbnailScheme;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  /** A candidate was dropped on another one. */
  onDropOn: (draggedId: string, targetId: string) => void;
}) {
  return (
    <div
      data-testid="candidate-grid"
      data-count={candidates.length}
      role="listbox"
      aria-label="Generated candidates"
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(112px, 1fr))',
        gap: 'var(--mantine-spacing-xs)',
      }}
    >
      {candidates.map((c) => (
        <CandidateCard
          key={c.id}
          candidate={c}
          scheme={scheme}
          selected={c.id === selectedId}
          onSelect={onSelect}
          onOpen={onOpen}
          onDropOn={onDropOn}
        />
      ))}
    </div>
  );
}

const CandidateCard = memo(function CandidateCard({
  candidate: c,
  scheme,
  selected,
  onSelect,
  onOpen,
  onDropOn,
}: {
  candidate: GenerationCandidate;
  scheme: ThumbnailScheme;
  selected: boolean;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  onDropOn: (draggedId: string, targetId: string) => void;
}) {
  const [dropping, setDropping] = useState(false);
  const label = candidateLabel(c);
  const score = semanticScore(c);
  const number = c.idx + 1;
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-label={`${label}${c.rank ? `, ranked ${ordinal(c.rank)}` : ''}${c.picked ? ', kept' : ''}`}
      tabIndex={0}
      draggable
      data-testid="candidate-card"
      data-candidate-id={c.id}
      data-idx={c.idx}
      data-rank={c.rank ?? ''}
      data-picked={c.picked ? 'true' : 'false'}
      data-format-valid={c.formatValid ? 'true' : 'false'}
      onClick={() => onSelect(c.id)}
      onDoubleClick={() => c.pose && onOpen(c.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && c.pose) onOpen(c.id);
        else if (e.key === ' ') {
          e.preventDefault();
          onSelect(c.id);
        }
      }}
      onDragStart={(e) => {
        e.dataTransfer.setData(CANDIDATE_DRAG_TYPE, c.id);
        e.dataTransfer.setData('text/plain', label);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(CANDIDATE_DRAG_TYPE)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        const id = e.dataTransfer.getData(CANDIDATE_DRAG_TYPE);
        if (id && id !== c.id) {
          e.preventDefault();
          onDropOn(id, c.id);
        }
      }}
      style={{
        ...poseCardStyle(selected),
        outline: dropping ? '2px dashed var(--mantine-color-indigo-filled)' : undefined,
        outlineOffset: 2,
        boxShadow: c.picked ? '0 0 0 2px var(--mantine-color-yellow-filled)' : undefined,
      }}
    >
      {c.pose ? (
        <CandidatePicture id={c.id} pose={c.pose} label={label} scheme={scheme}>
          <CardBadges c={c} number={number} />
        </CandidatePicture>
      ) : (
        <NoPosePicture scheme={scheme}>
          <CardBadges c={c} number={number} />
        </NoPosePicture>
      )}
      <Group gap={6} wrap="nowrap" px={8} py={6} title={`Semantic score (prompt–pose cosine): ${formatScore(score)}`}>
        <div style={{ flex: 1, height: 5, borderRadius: 3, background: 'var(--mantine-color-default-border)', overflow: 'hidden' }}>
          <div
            style={{
              width: `${score === null ? 0 : Math.round(Math.max(0, Math.min(1, score)) * 100)}%`,
              height: '100%',
              background: 'var(--mantine-color-indigo-filled)',
            }}
          />
        </div>
        <Text size="xs" ff="monospace" data-testid="candidate-score">
          {formatScore(score)}
        </Text>
      </Group>
    </div>
  );
});

function CandidatePicture({
  id,
  pose,
  label,
  scheme,
  children,
}: {
  id: string;
  pose: readonly number[];
  label: string;
  scheme: ThumbnailScheme;
  children: React.ReactNode;
}) {
  const url = usePoseThumbnail(id, pose, scheme);
  return (
    <div data-ready={url ? 'true' : 'false'} data-testid="candidate-picture">
      <PoseCardPicture url={url} label={label} scheme={scheme}>
        {children}
      </PoseCardPicture>
    </div>
  );
}

/** An answer without a pose still takes its place in the group, as an empty frame that says so. */
function NoPosePicture({ scheme, children }: { scheme: ThumbnailScheme; children: React.ReactNode }) {
  return (
    <div
      data-testid="candidate-no-pose"
      style={{ position: 'relative', aspectRatio: '180 / 216', background: PALETTES[scheme].background, display: 'grid', placeItems: 'center' }}
    >
      <Text size="xs" c="dimmed" ta="center" px="xs">
        No pose in this answer
      </Text>
      {children}
    </div>
  );
}

function CardBadges({ c, number }: { c: GenerationCandidate; number: number }) {
  return (
    <>
      <Badge
        size="sm"
        variant="white"
        color="dark"
        style={{ position: 'absolute', top: 6, left: 6, boxShadow: '0 1px 2px rgba(0,0,0,.15)' }}
        title={number <= 9 ? `Press ${number} to select` : undefined}
      >
        {number}
      </Badge>
      {c.rank !== null && (
        <Badge
          size="sm"
          variant="filled"
          color={c.rank === 1 ? 'orange' : c.rank <= 3 ? 'indigo' : 'gray'}
          style={{ position: 'absolute', top: 6, right: 6 }}
          data-testid="candidate-rank"
        >
          {ordinal(c.rank)}
        </Badge>
      )}
      {c.picked && (
        <Badge
          size="sm"
          variant="filled"
          color="yellow"
          c="dark"
          leftSection={<IconStar size={10} filled />}
          style={{ position: 'absolute', bottom: 6, left: 6 }}
          data-testid="candidate-picked"
        >
          Kept
        </Badge>
      )}
      {!c.formatValid && (
        <Tooltip label="The answer is not well formed (it did not end, or has no single pose slot in a sentence)" multiline w={220}>
          <Badge size="sm" variant="filled" color="red" style={{ position: 'absolute', bottom: 6, right: 6 }} data-testid="candidate-invalid">
            Format
          </Badge>
        </Tooltip>
      )}
    </>
  );
}
