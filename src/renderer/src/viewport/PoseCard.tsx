import type { CSSProperties, KeyboardEvent, ReactNode } from 'react';
import { Loader } from '@mantine/core';
import { PALETTES } from './palette';
import { THUMB_HEIGHT, THUMB_WIDTH } from './PoseThumbnails';
import type { ThumbnailScheme } from './thumbnailQueue';

/** The frame of a pose card in a grid: a bordered tile, indigo when selected. */
export function poseCardStyle(selected: boolean): CSSProperties {
  return {
    cursor: 'pointer',
    borderRadius: 'var(--mantine-radius-md)',
    overflow: 'hidden',
    border: `2px solid ${selected ? 'var(--mantine-color-indigo-filled)' : 'var(--mantine-color-default-border)'}`,
    background: 'var(--mantine-color-body)',
    minWidth: 0,
  };
}

/** Card keys: Enter opens, Space selects (without scrolling the page). */
export function poseCardKeys(id: string, onSelect?: (id: string) => void, onOpen?: (id: string) => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter') onOpen?.(id);
    else if (e.key === ' ') {
      e.preventDefault();
      onSelect?.(id);
    }
  };
}

/** The card's picture: the rendered thumbnail once it is ready (a spinner until then), with overlays on top. */
export function PoseCardPicture({
  url,
  label,
  scheme,
  children,
}: {
  url: string | null;
  label: string;
  scheme: ThumbnailScheme;
  children?: ReactNode;
}) {
  return (
    <div
      style={{
        position: 'relative',
        width: '100%',
        aspectRatio: `${THUMB_WIDTH} / ${THUMB_HEIGHT}`,
        background: PALETTES[scheme].background,
      }}
    >
      {url ? (
        <img
          src={url}
          alt={label}
          draggable={false}
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', display: 'block' }}
        />
      ) : (
        <div style={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }}>
          <Loader size="xs" color="gray" />
        </div>
      )}
      {children}
    </div>
  );
}
