import { useMemo, useState } from 'react';
import { Alert, Button, Chip, Group, Loader, NumberInput, Text } from '@mantine/core';
import {
  POSE_GENERATOR_LIMITS,
  VARIATION_KINDS,
  type ApiError,
  type PoseVariation,
  type VariationKind,
} from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { IconRefresh } from '../../app/icons';
import { PoseGrid, type PoseGridItem } from '../../viewport/PoseGrid';
import { openInPoseLab } from './openInPoseLab';
import { randomSeed } from './randomSeed';
import { VARIATION_KIND_LABELS, variationCellLabel, variationLabel } from './variationLabel';

/** A generated pose the page shows large in place of the library pose it came from. */
export interface ShownVariation {
  key: string;
  /** What it is ("Interpolated with Tree pose 40%"). */
  label: string;
  /** The session name "Open in Pose lab" gives it. */
  sessionName: string;
  kind: VariationKind;
  pose: number[];
  plausible: boolean;
}

type Result =
  | { status: 'idle' }
  | { status: 'loading'; seed: number; previous: Done | null }
  | { status: 'failed'; error: ApiError }
  | Done;
interface Done {
  status: 'done';
  seed: number;
  variations: PoseVariation[];
}

/**
 * "More like this": the data engine's variations of a library pose (noise, interpolation and limb swaps with
 * other library poses, mirroring, resampled limbs), as thumbnails labelled with what was done. Selecting one
 * shows it large (the page swaps it into the detail viewport); double-click opens it in the Pose lab.
 */
export function VariationsBlock({
  baseId,
  baseName,
  nameOf,
  scheme,
  shownKey,
  onShow,
}: {
  baseId: string;
  baseName: string;
  nameOf: (id: string) => string | undefined;
  scheme: 'light' | 'dark';
  shownKey: string | null;
  onShow: (v: ShownVariation | null) => void;
}) {
  const client = useClient();
  const [kinds, setKinds] = useState<VariationKind[]>([...VARIATION_KINDS]);
  const [count, setCount] = useState(12);
  const [seed, setSeed] = useState(1);
  const [result, setResult] = useState<Result>({ status: 'idle' });

  async function generate(withSeed: number) {
    setSeed(withSeed);
    setResult((r) => ({ status: 'loading', seed: withSeed, previous: r.status === 'done' ? r : null }));
    const r = await client.call('library.variations', {
      id: baseId,
      count,
      seed: withSeed,
      ...(kinds.length < VARIATION_KINDS.length ? { kinds } : {}),
    });
    setResult(r.ok ? { status: 'done', seed: withSeed, variations: r.value.variations } : { status: 'failed', error: r.error });
    onShow(null);
  }

  const done = result.status === 'done' ? result : result.status === 'loading' ? result.previous : null;
  const shown = useMemo<(ShownVariation & { item: PoseGridItem })[]>(
    () =>
      done
        ? done.variations.map((v, i) => {
            const label = variationLabel(v, nameOf);
            const key = `${baseId}~var:${done.seed}:${i}`;
            return {
              key,
              label,
              sessionName: `${baseName} · ${label}`,
              kind: v.kind,
              pose: v.pose,
              plausible: v.plausible,
              item: {
                id: key,
                pose: v.pose,
                label: variationCellLabel(v, nameOf),
                caption: `${VARIATION_KIND_LABELS[v.kind]}${v.plausible ? '' : ' · implausible'}`,
              },
            };
          })
        : [],
    [done, baseId, baseName, nameOf],
  );
  const items = useMemo(() => shown.map((s) => s.item), [shown]);
  const countOk = Number.isInteger(count) && count >= 1 && count <= POSE_GENERATOR_LIMITS.maxCount;
  const canRun = kinds.length > 0 && countOk && result.status !== 'loading';

  return (
    <div data-testid="variations">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
        Variations
      </Text>
      <Chip.Group multiple value={kinds} onChange={(v) => setKinds(VARIATION_KINDS.filter((k) => v.includes(k)))}>
        <Group gap={6} data-testid="variation-kinds">
          {VARIATION_KINDS.map((k) => (
            <Chip key={k} value={k} size="xs" wrapperProps={{ 'data-testid': `variation-kind-${k}` }}>
              {VARIATION_KIND_LABELS[k]}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group gap="xs" mt="xs" align="flex-end" wrap="nowrap">
        <NumberInput
          label="Count"
          size="xs"
          w={76}
          min={1}
          max={POSE_GENERATOR_LIMITS.maxCount}
          clampBehavior="strict"
          allowDecimal={false}
          value={count}
          onChange={(v) => setCount(typeof v === 'number' ? v : Number.parseInt(v, 10))}
          data-testid="variation-count"
        />
        <Button size="xs" onClick={() => void generate(seed)} disabled={!canRun} data-testid="variation-generate">
          Generate
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRefresh size={14} />}
          onClick={() => void generate(randomSeed(seed))}
          disabled={!canRun}
          data-testid="variation-shuffle"
        >
          Shuffle
        </Button>
        {result.status === 'loading' && <Loader size="xs" data-testid="variations-loading" />}
      </Group>
      {kinds.length === 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          Choose at least one kind of variation.
        </Text>
      )}
      {result.status === 'idle' && (
        <Text size="sm" c="dimmed" mt="xs" data-testid="variations-empty">
          Generate poses like {baseName}: the same generator the training data comes from, checked for joint
          limits, self-intersection and ground contact.
        </Text>
      )}
      {result.status === 'failed' && (
        <Alert color="red" mt="xs" p="xs" title="Could not generate variations" data-testid="variations-error">
          {result.error.message} ({result.error.code})
        </Alert>
      )}
      {done && (
        <div style={{ marginTop: 'var(--mantine-spacing-xs)', opacity: result.status === 'loading' ? 0.5 : 1 }}>
          <Text size="xs" c="dimmed" mb={6} data-testid="variations-summary" data-seed={done.seed}>
            {done.variations.length} variation{done.variations.length === 1 ? '' : 's'} of {baseName} · seed {done.seed}
            {shownKey ? ' · showing one above' : ' · select one to see it large, double-click to open it'}
          </Text>
          <PoseGrid
            items={items}
            colorScheme={scheme}
            selectedId={shownKey}
            onSelect={(id) => {
              const s = shown.find((x) => x.key === id);
              if (s) onShow(id === shownKey ? null : s);
            }}
            onOpen={(id) => {
              const s = shown.find((x) => x.key === id);
              if (s) void openInPoseLab(client, s.sessionName, s.pose);
            }}
            minCellWidth={112}
            testId="variation-grid"
          />
        </div>
      )}
    </div>
  );
}
