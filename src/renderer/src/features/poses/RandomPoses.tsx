import { useEffect, useMemo } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { POSE_GENERATOR_LIMITS, type ApiError, type SampledPose } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { IconFigure, IconRefresh } from '../../app/icons';
import { PoseGrid, type PoseGridItem } from '../../viewport/PoseGrid';
import { openInPoseLab } from './openInPoseLab';
import { PoseDetail } from './PoseDetail';
import { randomSeed } from './randomSeed';
import classes from './Poses.module.css';

export type SampleOrientation = 'upright' | 'any';

/** What the view shows; kept by the page so switching views and back keeps the samples. */
export interface RandomPosesState {
  seed: number;
  count: number;
  orientation: SampleOrientation;
  status: 'idle' | 'loading' | 'done' | 'failed';
  /** The request the poses answer (the controls may have moved on since). */
  shown: { seed: number; orientation: SampleOrientation; poses: SampledPose[] } | null;
  error: ApiError | null;
  selected: number;
}

export const INITIAL_RANDOM_POSES: RandomPosesState = {
  seed: 1,
  count: 24,
  orientation: 'any',
  status: 'idle',
  shown: null,
  error: null,
  selected: 0,
};

const cellId = (seed: number, orientation: string, i: number) => `sample:${orientation}:${seed}:${i}`;
const sampleName = (seed: number, i: number) => `Random pose ${seed}·${i + 1}`;

/**
 * Poses straight from the procedural sampler (a soft prior within joint limits, filtered for plausibility),
 * for reviewing what the generator makes; Shuffle draws another seed, and any sample opens in the Pose lab.
 */
export function RandomPoses({
  scheme,
  state,
  onState,
}: {
  scheme: 'light' | 'dark';
  state: RandomPosesState;
  onState: (update: (s: RandomPosesState) => RandomPosesState) => void;
}) {
  const client = useClient();

  async function draw(seed: number) {
    const { count, orientation } = state;
    onState((s) => ({ ...s, seed, status: 'loading', error: null }));
    const r = await client.call('library.sample', { count, seed, orientation });
    onState((s) =>
      r.ok
        ? { ...s, status: 'done', shown: { seed, orientation, poses: r.value.poses }, error: null, selected: 0 }
        : { ...s, status: 'failed', error: r.error },
    );
  }

  // The first visit draws the current seed, so the view never opens empty.
  useEffect(() => {
    if (state.status === 'idle') void draw(state.seed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const shown = state.shown;
  const items = useMemo<PoseGridItem[]>(
    () =>
      shown
        ? shown.poses.map((p, i) => ({
            id: cellId(shown.seed, shown.orientation, i),
            pose: p.pose,
            label: `#${i + 1}`,
            caption: p.accepted ? `${p.tries} ${p.tries === 1 ? 'draw' : 'draws'}` : 'fallback: prior centre',
          }))
        : [],
    [shown],
  );
  const selected = shown ? (shown.poses[state.selected] ?? null) : null;
  const countOk = Number.isInteger(state.count) && state.count >= 1 && state.count <= POSE_GENERATOR_LIMITS.maxCount;
  const busy = state.status === 'loading';

  return (
    <div className={classes.browse}>
      <div className={classes.mainCol}>
        <Group px="lg" py="sm" gap="sm" wrap="nowrap" align="flex-end">
          <NumberInput
            label="Count"
            size="sm"
            w={90}
            min={1}
            max={POSE_GENERATOR_LIMITS.maxCount}
            clampBehavior="strict"
            allowDecimal={false}
            value={state.count}
            onChange={(v) => onState((s) => ({ ...s, count: typeof v === 'number' ? v : Number.parseInt(v, 10) }))}
            data-testid="sample-count"
          />
          <div>
            <Text size="sm" fw={500} mb={2}>
              Orientation
            </Text>
            <SegmentedControl
              value={state.orientation}
              onChange={(v) => onState((s) => ({ ...s, orientation: v as SampleOrientation }))}
              data={[
                { label: 'Any', value: 'any' },
                { label: 'Upright', value: 'upright' },
              ]}
              data-testid="sample-orientation"
            />
          </div>
          <Button onClick={() => void draw(state.seed)} disabled={!countOk || busy} variant="default" data-testid="sample-draw">
            Draw
          </Button>
          <Button
            leftSection={<IconRefresh size={16} />}
            onClick={() => void draw(randomSeed(state.seed))}
            disabled={!countOk || busy}
            data-testid="sample-shuffle"
          >
            Shuffle
          </Button>
          <Text size="sm" c="dimmed" style={{ flex: 1 }}>
            Joint angles from a soft prior within the joint limits, kept when they pass the plausibility filter.
          </Text>
        </Group>
        <ScrollArea className={classes.scroll} type="auto">
          <Stack gap="sm" px="lg" pb="lg">
            {state.status === 'failed' && state.error && (
              <Alert color="red" title="Could not draw random poses" data-testid="samples-error">
                {state.error.message} ({state.error.code})
                <Button size="xs" variant="light" color="red" mt="sm" display="block" onClick={() => void draw(state.seed)}>
                  Try again
                </Button>
              </Alert>
            )}
            {busy && !shown && (
              <Group justify="center" p="xl" data-testid="samples-loading">
                <Loader size="sm" />
              </Group>
            )}
            {shown && shown.poses.length === 0 && (
              <Paper withBorder p="xl" radius="md" data-testid="samples-empty">
                <Stack align="center" gap="xs">
                  <IconFigure size={36} stroke={1.4} />
                  <Title order={5}>No poses</Title>
                </Stack>
              </Paper>
            )}
            {shown && shown.poses.length > 0 && (
              <div style={{ opacity: busy ? 0.5 : 1 }}>
                <Group gap="xs" mb={6}>
                  <Text size="xs" c="dimmed" data-testid="samples-summary" data-seed={shown.seed}>
                    {shown.poses.length} poses · seed {shown.seed} · {shown.orientation === 'upright' ? 'upright' : 'any orientation'}
                  </Text>
                  {busy && <Loader size="xs" data-testid="samples-loading" />}
                </Group>
                <PoseGrid
                  items={items}
                  colorScheme={scheme}
                  selectedId={selected ? cellId(shown.seed, shown.orientation, state.selected) : null}
                  onSelect={(id) => {
                    const i = items.findIndex((x) => x.id === id);
                    if (i >= 0) onState((s) => ({ ...s, selected: i }));
                  }}
                  onOpen={(id) => {
                    const i = items.findIndex((x) => x.id === id);
                    if (i >= 0) void openInPoseLab(client, sampleName(shown.seed, i), shown.poses[i].pose);
                  }}
                  minCellWidth={128}
                  testId="sample-grid"
                />
              </div>
            )}
          </Stack>
        </ScrollArea>
      </div>
      <div className={classes.detailPane}>
        {shown && selected ? (
          <PoseDetail
            id={cellId(shown.seed, shown.orientation, state.selected)}
            name={sampleName(shown.seed, state.selected)}
            sessionName={sampleName(shown.seed, state.selected)}
            pose={selected.pose}
            badges={['Procedural sample']}
            colorScheme={scheme}
          >
            <Group gap={6}>
              <Badge variant="outline" color="gray" size="sm" tt="none">
                seed {shown.seed}
              </Badge>
              <Badge variant="outline" color="gray" size="sm" tt="none" data-testid="sample-tries">
                {selected.accepted
                  ? `accepted after ${selected.tries} ${selected.tries === 1 ? 'draw' : 'draws'}`
                  : `no draw passed in ${selected.tries}: the prior's centre pose`}
              </Badge>
            </Group>
          </PoseDetail>
        ) : (
          <Stack align="center" justify="center" h="100%" p="xl">
            <Text size="sm" c="dimmed" ta="center">
              Select a sample to see it large.
            </Text>
          </Stack>
        )}
      </div>
    </div>
  );
}
