import { useCallback, useMemo, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Chip,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import { useClient } from '../../api/StudioContext';
import { useCallQuery } from '../../api/useCallQuery';
import { IconFigure, IconRefresh } from '../../app/icons';
import { PoseGrid, type PoseGridItem } from '../../viewport/PoseGrid';
import { PoseThumbnailHost, usePendingThumbnails } from '../../viewport/PoseThumbnails';
import { categoryLabel, filterPoses } from './filterPoses';
import { openInPoseLab } from './openInPoseLab';
import { MotionImport, type MotionImportState } from './MotionImport';
import { PoseCaptionBlock } from './PoseCaptionBlock';
import { PoseDetail } from './PoseDetail';
import { INITIAL_RANDOM_POSES, RandomPoses, type RandomPosesState } from './RandomPoses';
import { VariationsBlock, type ShownVariation } from './VariationsBlock';
import { VARIATION_KIND_LABELS } from './variationLabel';
import classes from './Poses.module.css';

type View = 'library' | 'motion' | 'random';

/**
 * The authored pose library as a grid of posed mannequins (filter by category, search names, tags and
 * synonyms, inspect one pose large with its automatic caption and generated variations, open it in the Pose
 * lab), motion import (a BVH or .npz clip as a filmstrip of frames), and random poses from the procedural
 * sampler.
 */
export function PosesPage() {
  const scheme = useComputedColorScheme('light');
  const [view, setView] = useState<View>('library');
  const [motion, setMotion] = useState<MotionImportState>({ status: 'idle' });
  const [random, setRandom] = useState<RandomPosesState>(INITIAL_RANDOM_POSES);
  const pending = usePendingThumbnails();

  return (
    <div className={classes.page}>
      <PoseThumbnailHost />
      <Group justify="space-between" px="lg" py="sm" wrap="nowrap" className={classes.header}>
        <div>
          <Title order={3}>Poses</Title>
          <Text size="sm" c="dimmed">
            {view === 'library'
              ? 'The studio’s authored pose library'
              : view === 'motion'
                ? 'Motion capture, retargeted onto the studio’s body'
                : 'Poses drawn by the data engine’s procedural sampler'}
            {pending > 0 && (
              <Text span size="sm" c="dimmed" data-testid="thumbnails-pending">
                {' '}
                · drawing {pending} thumbnail{pending === 1 ? '' : 's'}…
              </Text>
            )}
          </Text>
        </div>
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            { label: 'Library', value: 'library' },
            { label: 'Import motion', value: 'motion' },
            { label: 'Random poses', value: 'random' },
          ]}
          data-testid="poses-view"
        />
      </Group>
      {view === 'library' && <LibraryBrowser scheme={scheme} />}
      {view === 'motion' && <MotionImport scheme={scheme} state={motion} onState={setMotion} />}
      {view === 'random' && <RandomPoses scheme={scheme} state={random} onState={setRandom} />}
    </div>
  );
}

function LibraryBrowser({ scheme }: { scheme: 'light' | 'dark' }) {
  const client = useClient();
  const list = useCallQuery('library.list', {});
  const [category, setCategory] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [selectedId, setSelectedIdRaw] = useState<string | null>(null);
  // A generated variation of the selected pose, shown large in its place until another pose is selected.
  const [variation, setVariation] = useState<ShownVariation | null>(null);
  const setSelectedId = useCallback((id: string | null) => {
    setSelectedIdRaw(id);
    setVariation(null);
  }, []);

  const poses = useMemo(() => list.data?.poses ?? [], [list.data]);
  const shown = useMemo(() => filterPoses(poses, category, query), [poses, category, query]);
  const items = useMemo<PoseGridItem[]>(
    () => shown.map((p) => ({ id: p.id, pose: p.pose, label: p.name, caption: categoryLabel(p.category) })),
    [shown],
  );
  const selected = poses.find((p) => p.id === selectedId) ?? shown[0] ?? null;
  const names = useMemo(() => new Map(poses.map((p) => [p.id, p.name])), [poses]);
  const nameOf = useCallback((id: string) => names.get(id), [names]);
  const shownVariation = variation && selected && variation.key.startsWith(`${selected.id}~var:`) ? variation : null;

  return (
    <div className={classes.browse}>
      <div className={classes.mainCol}>
        <Stack gap="xs" px="lg" py="sm">
          <Group gap="sm" wrap="nowrap">
            <TextInput
              placeholder="Search names, tags and synonyms"
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              style={{ flex: 1 }}
              aria-label="Search poses"
              data-testid="pose-search"
            />
            <Tooltip label="Reload the library">
              <ActionIcon variant="default" size="lg" onClick={list.reload} aria-label="Reload the library">
                <IconRefresh />
              </ActionIcon>
            </Tooltip>
          </Group>
          {list.data && (
            <Chip.Group value={category ?? 'all'} onChange={(v) => setCategory(v === 'all' ? null : v)}>
              <Group gap={6} data-testid="category-chips">
                <Chip value="all" size="xs" wrapperProps={{ 'data-testid': 'category-chip-all' }}>
                  All ({poses.length})
                </Chip>
                {list.data.categories.map((c) => (
                  <Chip key={c.id} value={c.id} size="xs" wrapperProps={{ 'data-testid': `category-chip-${c.id}` }}>
                    {categoryLabel(c.id)} ({c.count})
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
        </Stack>
        <ScrollArea className={classes.scroll} type="auto">
          <div style={{ padding: '0 var(--mantine-spacing-lg) var(--mantine-spacing-lg)' }}>
            {list.error && (
              <Alert color="red" title="Could not load the pose library" data-testid="poses-error">
                {list.error.message} ({list.error.code})
                <Button size="xs" variant="light" color="red" mt="sm" display="block" onClick={list.reload}>
                  Try again
                </Button>
              </Alert>
            )}
            {list.loading && !list.data && (
              <Group justify="center" p="xl" data-testid="poses-loading">
                <Loader size="sm" />
              </Group>
            )}
            {list.data && poses.length === 0 && (
              <EmptyNote
                title="The library is empty"
                text="This build of the studio has no authored poses."
              />
            )}
            {list.data && poses.length > 0 && shown.length === 0 && (
              <EmptyNote
                title="No pose matches"
                text={`Nothing${category ? ` in ${categoryLabel(category)}` : ''} matches “${query.trim()}”.`}
              >
                <Button
                  variant="light"
                  mt="xs"
                  onClick={() => {
                    setQuery('');
                    setCategory(null);
                  }}
                >
                  Clear the filters
                </Button>
              </EmptyNote>
            )}
            {items.length > 0 && (
              <>
                <Text size="xs" c="dimmed" mb={6} data-testid="pose-count">
                  {items.length === poses.length
                    ? `${items.length} poses`
                    : `${items.length} of ${poses.length} poses`}
                </Text>
                <PoseGrid
                  items={items}
                  colorScheme={scheme}
                  selectedId={selected?.id ?? null}
                  onSelect={setSelectedId}
                  onOpen={(id) => {
                    const p = poses.find((x) => x.id === id);
                    if (p) void openInPoseLab(client, p.name, p.pose);
                  }}
                />
              </>
            )}
          </div>
        </ScrollArea>
      </div>
      <div className={classes.detailPane}>
        {selected ? (
          <PoseDetail
            id={shownVariation?.key ?? selected.id}
            name={shownVariation ? shownVariation.label : selected.name}
            sessionName={shownVariation?.sessionName ?? selected.name}
            pose={shownVariation?.pose ?? selected.pose}
            badges={
              shownVariation
                ? [`Variation of ${selected.name}`, VARIATION_KIND_LABELS[shownVariation.kind]]
                : [categoryLabel(selected.category)]
            }
            tags={shownVariation ? [] : selected.tags}
            synonyms={shownVariation ? [] : selected.synonyms}
            colorScheme={scheme}
          >
            {shownVariation ? (
              <>
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => setVariation(null)}
                  style={{ alignSelf: 'flex-start' }}
                  data-testid="variation-back"
                >
                  Back to {selected.name}
                </Button>
                <PoseCaptionBlock key={shownVariation.key} id={shownVariation.key} pose={shownVariation.pose} />
              </>
            ) : (
              <PoseCaptionBlock id={selected.id} />
            )}
            <VariationsBlock
              key={selected.id}
              baseId={selected.id}
              baseName={selected.name}
              nameOf={nameOf}
              scheme={scheme}
              shownKey={shownVariation?.key ?? null}
              onShow={setVariation}
            />
          </PoseDetail>
        ) : (
          <Stack align="center" justify="center" h="100%" p="xl">
            <Text size="sm" c="dimmed" ta="center">
              Select a pose to see it large.
            </Text>
          </Stack>
        )}
      </div>
    </div>
  );
}

function EmptyNote({ title, text, children }: { title: string; text: string; children?: React.ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="poses-empty">
      <Stack align="center" gap="xs">
        <IconFigure size={36} stroke={1.4} />
        <Title order={5}>{title}</Title>
        <Text size="sm" c="dimmed" ta="center" maw={380}>
          {text}
        </Text>
        {children}
      </Stack>
    </Paper>
  );
}
