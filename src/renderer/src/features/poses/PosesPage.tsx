import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Chip,
  Code,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import { DESCRIBE_SEARCH_LIMITS } from '@shared/api';
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
import { DESCRIBE_EXAMPLES, describedLabel, describeSearchError } from './describeSearch';
import { RankedPoseGrid, type RankedPoseItem } from './RankedPoseGrid';
import { useDescribeSearch } from './useDescribeSearch';
import classes from './Poses.module.css';

type View = 'library' | 'motion' | 'random';
/** How the library is searched: words in names, tags and synonyms, or a description ranked by the retrieval model. */
type SearchMode = 'names' | 'describe';

/** Results a describe search shows at first, and how many more "Show more" adds. */
const DESCRIBE_PAGE = 24;

/** What the detail pane shows: a library pose, or a mirror image of one found by a describe search. */
interface ShownPose {
  id: string;
  name: string;
  category: string;
  tags: readonly string[];
  synonyms: readonly string[];
  pose: number[];
  mirrored: boolean;
}

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
  const [mode, setMode] = useState<SearchMode>('names');
  const [description, setDescription] = useState('');
  const [mirrors, setMirrors] = useState(true);
  const [describeLimit, setDescribeLimit] = useState(DESCRIBE_PAGE);
  // Bumped by Enter (search now, no debounce) and by "Try again".
  const [describeNow, setDescribeNow] = useState(0);
  const [describeRetry, setDescribeRetry] = useState(0);
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
  const names = useMemo(() => new Map(poses.map((p) => [p.id, p.name])), [poses]);
  const nameOf = useCallback((id: string) => names.get(id), [names]);

  const describing = mode === 'describe';
  // Switching to Describe puts the cursor in its box (after the switch's own click has taken focus).
  const describeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (describing) describeInput.current?.focus();
  }, [describing]);
  const described = useDescribeSearch(
    { text: describing ? description : '', category, mirrors, limit: describeLimit },
    describeNow,
    describeRetry,
  );
  const ranked = useMemo<(RankedPoseItem & { shown: ShownPose })[]>(
    () =>
      (described.data?.results ?? []).map((r, i) => {
        const label = describedLabel(r, nameOf);
        const base = poses.find((p) => p.id === r.baseId);
        return {
          id: r.id,
          pose: r.pose,
          label,
          caption: `${categoryLabel(r.category)}${r.mirrored ? ' · mirror image' : ''}`,
          rank: i + 1,
          score: r.score,
          shown: {
            id: r.id,
            name: label,
            category: r.category,
            // A mirror's tags name the other side; the library's own words stay with the library pose.
            tags: r.mirrored ? [] : (base?.tags ?? []),
            synonyms: r.mirrored ? [] : (base?.synonyms ?? []),
            pose: r.pose,
            mirrored: r.mirrored,
          },
        };
      }),
    [described.data, nameOf, poses],
  );
  const selected = useMemo<ShownPose | null>(() => {
    const library = poses.find((p) => p.id === selectedId);
    const fromLibrary = library ? { ...library, mirrored: false } : null;
    if (!describing) {
      const first = shown[0];
      return fromLibrary ?? (first ? { ...first, mirrored: false } : null);
    }
    // The picked result, else the best match (it follows the description as it changes).
    return ranked.find((r) => r.id === selectedId)?.shown ?? ranked[0]?.shown ?? fromLibrary ?? null;
  }, [poses, selectedId, describing, shown, ranked]);
  const shownVariation = variation && selected && variation.key.startsWith(`${selected.id}~var:`) ? variation : null;

  return (
    <div className={classes.browse}>
      <div className={classes.mainCol}>
        <Stack gap="xs" px="lg" py="sm">
          <Group gap="sm" wrap="nowrap">
            <SegmentedControl
              value={mode}
              onChange={(v) => setMode(v as SearchMode)}
              data={[
                { label: 'Names & tags', value: 'names' },
                { label: 'Describe', value: 'describe' },
              ]}
              aria-label="How to search the library"
              data-testid="search-mode"
            />
            {describing ? (
              <TextInput
                placeholder="Describe a pose in your own words"
                value={description}
                onChange={(e) => {
                  setDescription(e.currentTarget.value);
                  setDescribeLimit(DESCRIBE_PAGE);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') setDescribeNow((n) => n + 1);
                  else if (e.key === 'Escape') setDescription('');
                }}
                maxLength={DESCRIBE_SEARCH_LIMITS.maxChars}
                rightSection={described.loading ? <Loader size="xs" data-testid="describe-loading" /> : null}
                style={{ flex: 1 }}
                aria-label="Describe a pose"
                ref={describeInput}
                data-testid="describe-input"
              />
            ) : (
              <TextInput
                placeholder="Search names, tags and synonyms"
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                style={{ flex: 1 }}
                aria-label="Search poses"
                data-testid="pose-search"
              />
            )}
            {describing && (
              <Tooltip label="Rank the mirror images of the library poses too (symmetric poses have none)">
                <Switch
                  label="Mirrors"
                  checked={mirrors}
                  onChange={(e) => setMirrors(e.currentTarget.checked)}
                  data-testid="describe-mirrors"
                />
              </Tooltip>
            )}
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
            {!describing && list.data && poses.length > 0 && shown.length === 0 && (
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
            {!describing && items.length > 0 && (
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
            {describing && list.data && (
              <DescribeResults
                description={description}
                state={described}
                ranked={ranked}
                scheme={scheme}
                selectedId={selected?.id ?? null}
                onSelect={setSelectedId}
                onOpen={(id) => {
                  const r = ranked.find((x) => x.id === id);
                  if (r) void openInPoseLab(client, r.label, r.pose);
                }}
                onExample={(text) => {
                  setDescription(text);
                  setDescribeNow((n) => n + 1);
                }}
                onRetry={() => setDescribeRetry((n) => n + 1)}
                onMore={() => setDescribeLimit((l) => Math.min(DESCRIBE_SEARCH_LIMITS.maxResults, l + DESCRIBE_PAGE))}
              />
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
                : selected.mirrored
                  ? [categoryLabel(selected.category), 'Mirror image']
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
              // The captioner knows library ids; a mirror image is captioned from its numbers.
              <PoseCaptionBlock id={selected.id} {...(selected.mirrored ? { pose: selected.pose } : {})} />
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

/** The describe search's side of the grid: examples, the ranked poses with their scores, loading and errors. */
function DescribeResults({
  description,
  state,
  ranked,
  scheme,
  selectedId,
  onSelect,
  onOpen,
  onExample,
  onRetry,
  onMore,
}: {
  description: string;
  state: ReturnType<typeof useDescribeSearch>;
  ranked: readonly RankedPoseItem[];
  scheme: 'light' | 'dark';
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  onExample: (text: string) => void;
  onRetry: () => void;
  onMore: () => void;
}) {
  const { data, error, loading, answered } = state;
  if (!description.trim()) {
    return (
      <Paper withBorder p="lg" radius="md" data-testid="describe-empty">
        <Stack gap="xs">
          <Title order={5}>Describe a pose</Title>
          <Text size="sm" c="dimmed">
            Type what the body does, in your own words. The studio’s retrieval model ranks every library pose (and
            their mirror images) by how well it matches, and shows the match as a score from its shared text–pose
            space (cosine similarity: higher is closer).
          </Text>
          <Group gap={6}>
            {DESCRIBE_EXAMPLES.map((text) => (
              <Button key={text} size="compact-sm" variant="light" onClick={() => onExample(text)}>
                {text}
              </Button>
            ))}
          </Group>
        </Stack>
      </Paper>
    );
  }
  if (error && !loading) {
    const friendly = describeSearchError(error);
    return (
      <Alert color={error.code === 'not_found' ? 'yellow' : 'red'} title={friendly.title} data-testid="describe-error" data-code={error.code}>
        {friendly.text}
        {friendly.command && (
          <Code block mt="xs">
            {friendly.command}
          </Code>
        )}
        {friendly.retry && (
          <Button size="xs" variant="light" mt="sm" display="block" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Alert>
    );
  }
  if (!data || !answered) {
    return (
      <Group justify="center" p="xl" gap="sm" data-testid="describe-pending">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          Ranking the library…
        </Text>
      </Group>
    );
  }
  if (data.results.length === 0) {
    return (
      <EmptyNote
        title="No pose to rank"
        text={`The library has no pose${answered.category ? ` in ${categoryLabel(answered.category)}` : ''} to rank with these filters.`}
      />
    );
  }
  return (
    <div
      data-testid="describe-results"
      data-query={answered.text}
      data-category={answered.category ?? ''}
      data-mirrors={answered.mirrors ? 'true' : 'false'}
      data-loading={loading ? 'true' : 'false'}
      style={{ opacity: loading ? 0.6 : 1 }}
    >
      <Text size="xs" c="dimmed" mb={6} data-testid="describe-status">
        Best {data.results.length} of {data.total} {answered.mirrors ? 'poses and mirror images' : 'library poses'}
        {answered.category ? ` in ${categoryLabel(answered.category)}` : ''} for “{answered.text}”, by cosine similarity
        {data.query !== answered.text ? ` (searched as “${data.query}”)` : ''} · {data.model}
      </Text>
      <RankedPoseGrid items={ranked} colorScheme={scheme} selectedId={selectedId} onSelect={onSelect} onOpen={onOpen} />
      {data.total > data.results.length && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={onMore} disabled={loading} data-testid="describe-more">
            Show more ({data.total - data.results.length} left)
          </Button>
        </Group>
      )}
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
