import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Divider,
  Group,
  Kbd,
  Loader,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import type { GenerationCandidate } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { notifyError } from '../../api/notify';
import { IconFrame } from '../../app/icons';
import { useStore } from '../../stores/createStore';
import { CandidateViewport, MEAN_POSE_COLOR } from '../../viewport/CandidateViewport';
import { PoseThumbnailHost, usePendingThumbnails } from '../../viewport/PoseThumbnails';
import type { ViewportFigure } from '../../viewport/usePlacedFigures';
import { openInPoseLab } from '../poses/openInPoseLab';
import { CandidateDetail } from './CandidateDetail';
import { CandidateGrid } from './CandidateGrid';
import { ExportCandidateMenu, OpenInPoseLabButton, PickButton } from './CandidateActions';
import { candidateLabel, exportTarget } from './candidateInfo';
import { GenerationHistory } from './GenerationHistory';
import { generateKeyAction, isTypingTarget } from './generateKeys';
import { MODEL_LABELS } from './generateSettings';
import { generateStore } from './generateStore';
import { PromptPanel } from './PromptPanel';
import { RankingList } from './RankingList';
import { appendToRanking, moveInRanking, rankingOf, removeFromRanking, stepInRanking } from './ranking';
import { SigmaLegend } from './SigmaLegend';
import { niceSigmaMax, sigmaColor } from './sigmaColors';
import panes from '../../app/panes.module.css';
import classes from './Generate.module.css';

const reporter = { error: notifyError };

/**
 * Text → pose: a description becomes G candidates sampled from the policy, shown overlaid (or in a grid) with the
 * selection's mean pose and per-joint σ; the artist ranks them (keys, drag, buttons), keeps one, opens it in the
 * Pose lab or exports it, and can come back to any earlier generation from the history.
 */
export function GeneratePage() {
  const client = useClient();
  const scheme = useComputedColorScheme('light');
  const generation = useStore(generateStore, (s) => s.generation);
  const selectedId = useStore(generateStore, (s) => s.selectedId);
  const view = useStore(generateStore, (s) => s.view);
  const run = useStore(generateStore, (s) => s.run);
  const historyVersion = useStore(generateStore, (s) => s.historyVersion);
  const pending = usePendingThumbnails();
  const [frameRequest, setFrameRequest] = useState(0);

  const candidates = useMemo(() => generation?.candidates ?? [], [generation]);
  const selected = candidates.find((c) => c.id === selectedId) ?? null;
  const ranking = useMemo(() => rankingOf(candidates), [candidates]);
  const ranked = useMemo(
    () => ranking.map((id) => candidates.find((c) => c.id === id)).filter((c): c is GenerationCandidate => !!c),
    [ranking, candidates],
  );

  const generate = useCallback(async () => {
    const g = await generateStore.generate(client);
    // The keys 1–9 belong to the candidates once they are there, not to the prompt box.
    if (g && document.activeElement instanceof HTMLElement && isTypingTarget(document.activeElement)) document.activeElement.blur();
  }, [client]);

  const setRanking = useCallback((next: string[]) => void generateStore.rank(client, next, reporter), [client]);
  const rankAt = useCallback((id: string, place: number) => setRanking(moveInRanking(ranking, id, place)), [ranking, setRanking]);
  const pick = useCallback((id: string) => void generateStore.pick(client, id, reporter), [client]);
  const open = useCallback(
    (id: string) => {
      const c = candidates.find((x) => x.id === id);
      if (c?.pose && generation) void openInPoseLab(client, `${generation.prompt.slice(0, 160)} · ${candidateLabel(c).toLowerCase()}`, c.pose);
    },
    [candidates, client, generation],
  );
  const dropOn = useCallback(
    (dragged: string, target: string) => {
      const place = ranking.indexOf(target);
      setRanking(place >= 0 ? moveInRanking(ranking, dragged, place) : appendToRanking(appendToRanking(ranking, target), dragged));
    },
    [ranking, setRanking],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || isTypingTarget(e.target)) return;
      const action = generateKeyAction(e);
      const s = generateStore.get();
      if (!action || !s.generation) return;
      const id = s.selectedId;
      const current = rankingOf(s.generation.candidates);
      const candidate = s.generation.candidates.find((c) => c.id === id);
      switch (action.kind) {
        case 'select':
          generateStore.selectPosition(action.position);
          break;
        case 'step':
          generateStore.step(action.by);
          break;
        case 'rank-at':
          if (candidate?.pose) void generateStore.rank(client, moveInRanking(current, candidate.id, action.place - 1), reporter);
          break;
        case 'rank-next':
          if (candidate?.pose) void generateStore.rank(client, appendToRanking(current, candidate.id), reporter);
          break;
        case 'unrank':
          if (candidate) void generateStore.rank(client, removeFromRanking(current, candidate.id), reporter);
          break;
        case 'pick':
          if (candidate?.pose) void generateStore.pick(client, candidate.id, reporter);
          break;
        case 'toggle-mean':
          generateStore.setView({ showMean: !s.view.showMean });
          break;
        case 'toggle-sigma':
          generateStore.setView({ showSigma: !s.view.showSigma });
          break;
      }
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);

  const figures = useMemo<ViewportFigure[]>(
    () =>
      candidates
        .filter((c) => c.pose)
        .map((c) => ({ id: c.id, pose: c.pose as number[], label: `${c.idx + 1}` })),
    [candidates],
  );
  const sigmaMax = useMemo(() => niceSigmaMax(candidates.flatMap((c) => c.sigma ?? []), view.unit), [candidates, view.unit]);
  const withoutPose = candidates.filter((c) => !c.pose).length;
  const deterministic = !!generation?.model.startsWith('policy-deterministic');
  const sigma = useMemo(
    () =>
      view.showSigma && selected?.pose && selected.sigma
        ? { values: selected.sigma, colors: selected.sigma.map((s) => sigmaColor(s, sigmaMax)) }
        : null,
    [view.showSigma, selected, sigmaMax],
  );
  const mean = view.showMean && selected?.pose ? selected.mu : null;
  const target = exportTarget(candidates, selectedId);
  const running = run.status === 'running';

  return (
    <div className={classes.page} data-testid="generate-page">
      <PoseThumbnailHost />
      <div className={panes.side}>
        <ScrollArea type="auto" style={{ flex: 1 }}>
          <Stack p="md" gap="md">
            <PromptPanel onGenerate={() => void generate()} />
            <Divider />
            <div>
              <Text size="xs" fw={700} c="dimmed" className={panes.sectionTitle} mb={6}>
                History
              </Text>
              <GenerationHistory
                version={historyVersion}
                currentId={generation?.id ?? null}
                onOpen={(id) => void generateStore.load(client, id, reporter)}
              />
            </div>
          </Stack>
        </ScrollArea>
      </div>

      <div className={panes.center}>
        <Group className={panes.toolbar} px="md" py={8} justify="space-between" wrap="nowrap" gap="sm">
          <div style={{ minWidth: 0 }}>
            {generation ? (
              <>
                <Text fw={600} truncate title={generation.prompt} data-testid="generation-prompt">
                  “{generation.prompt}”
                </Text>
                <Text size="xs" c="dimmed" truncate data-testid="generation-meta">
                  {MODEL_LABELS[deterministic ? 'policy-deterministic' : 'policy'].label} ·{' '}
                  {generation.model} · seed {generation.seed} · T {generation.settings.temperature.toFixed(2)} · σ×
                  {generation.settings.sigmaScale.toFixed(2)} · {generation.settings.withinLimits ? 'within limits' : 'raw draws'} ·{' '}
                  {candidates.length} candidates
                  {pending > 0 ? ` · drawing ${pending} thumbnail${pending === 1 ? '' : 's'}…` : ''}
                </Text>
              </>
            ) : (
              <Text fw={600}>Generate</Text>
            )}
          </div>
          <Group gap={6} wrap="nowrap">
            <SegmentedControl
              size="xs"
              value={view.layout}
              onChange={(v) => generateStore.setView({ layout: v as 'overlay' | 'grid' })}
              data={[
                { label: 'Overlay', value: 'overlay' },
                { label: 'Grid', value: 'grid' },
              ]}
              data-testid="generate-layout"
            />
            <Toggle label="μ" tip="Show the mean pose μ of the selected candidate (M)" pressed={view.showMean} onClick={() => generateStore.setView({ showMean: !view.showMean })} testId="toggle-mean" />
            <Toggle label="σ" tip="Colour the joints by σ (S)" pressed={view.showSigma} onClick={() => generateStore.setView({ showSigma: !view.showSigma })} testId="toggle-sigma" />
            <Tooltip label="Frame the candidates">
              <ActionIcon variant="default" size="lg" aria-label="Frame the candidates" onClick={() => setFrameRequest((n) => n + 1)}>
                <IconFrame />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <div className={classes.viewportWrap}>
          <CandidateViewport
            figures={figures}
            selectedId={selectedId}
            layout={view.layout}
            colorScheme={scheme}
            mean={mean}
            sigma={sigma}
            frameRequest={frameRequest}
          />
          {!generation && !running && (
            <div className={classes.empty} data-testid="generate-empty">
              <Stack align="center" gap={4} maw={360}>
                <Text fw={600}>Describe a pose, then Generate</Text>
                <Text size="sm" c="dimmed" ta="center">
                  The model samples G candidates from its Gaussian policy; they appear here overlaid, each joint coloured by
                  how sure the model is.
                </Text>
              </Stack>
            </div>
          )}
          {running && (
            <div className={classes.empty} style={{ background: 'color-mix(in srgb, var(--mantine-color-body) 45%, transparent)' }}>
              <Stack align="center" gap={6}>
                <Loader size="md" />
                <Text size="sm" fw={500}>
                  Sampling candidates for “{run.prompt}”…
                </Text>
              </Stack>
            </div>
          )}
          {generation && (view.showSigma || view.showMean) && (
            <div className={classes.legend}>
              <SigmaLegend
                max={sigmaMax}
                unit={view.unit}
                onUnit={(unit) => generateStore.setView({ unit })}
                showSigma={view.showSigma}
                hasSigma={!!selected?.pose && !!selected.sigma}
                deterministic={deterministic}
                showMean={view.showMean && !!mean}
                meanColor={MEAN_POSE_COLOR[scheme]}
                sigmaScale={generation.settings.sigmaScale}
              />
            </div>
          )}
        </div>
        <ScrollArea className={classes.gridWrap} type="auto">
          <div style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)' }}>
            {generation && (
              <Group justify="space-between" gap="xs" mb={6} wrap="nowrap">
                <Text size="xs" c="dimmed" data-testid="candidate-count">
                  {candidates.length} candidate{candidates.length === 1 ? '' : 's'}
                  {withoutPose > 0 ? ` · ${withoutPose} without a pose` : ''}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  <Kbd size="xs">1</Kbd>–<Kbd size="xs">9</Kbd> select · <Kbd size="xs">R</Kbd> rank next ·{' '}
                  <Kbd size="xs">⇧</Kbd>
                  <Kbd size="xs">1</Kbd>–<Kbd size="xs">9</Kbd> rank at · <Kbd size="xs">P</Kbd> keep · drag to rank
                </Text>
              </Group>
            )}
            {generation ? (
              <CandidateGrid
                candidates={candidates}
                scheme={scheme}
                selectedId={selectedId}
                onSelect={(id) => generateStore.select(id)}
                onOpen={open}
                onDropOn={dropOn}
              />
            ) : (
              <Text size="sm" c="dimmed" ta="center" py="lg">
                Candidates will be listed here, numbered in the order they were sampled.
              </Text>
            )}
          </div>
        </ScrollArea>
      </div>

      <div className={panes.sideRight}>
        <ScrollArea type="auto" style={{ flex: 1 }}>
          <Stack p="md" gap="md">
            {selected && generation ? (
              <CandidateDetail
                candidate={selected}
                total={candidates.length}
                unit={view.unit}
                onRankNext={() => setRanking(appendToRanking(ranking, selected.id))}
                onUnrank={() => setRanking(removeFromRanking(ranking, selected.id))}
              />
            ) : (
              <Text size="sm" c="dimmed">
                Select a candidate to see its answer, scores and loosest joints.
              </Text>
            )}
            <Group gap={6} wrap="wrap">
              <PickButton candidate={selected} onPick={pick} />
              <ExportCandidateMenu target={target} />
            </Group>
            <OpenInPoseLabButton candidate={selected} prompt={generation?.prompt ?? ''} />
            <Divider />
            <div>
              <Group justify="space-between" mb={6}>
                <Text size="xs" fw={700} c="dimmed" className={panes.sectionTitle}>
                  Your ranking
                </Text>
                {ranked.length > 0 && (
                  <Badge size="xs" variant="light" color="gray">
                    {ranked.length} of {candidates.length}
                  </Badge>
                )}
              </Group>
              {generation ? (
                <RankingList
                  ranked={ranked}
                  scheme={scheme}
                  selectedId={selectedId}
                  onSelect={(id) => generateStore.select(id)}
                  onMove={rankAt}
                  onStep={(id, by) => setRanking(stepInRanking(ranking, id, by))}
                  onRemove={(id) => setRanking(removeFromRanking(ranking, id))}
                />
              ) : (
                <Text size="xs" c="dimmed">
                  Rank the candidates best first; the ranking is stored with the generation and can train the model later.
                </Text>
              )}
            </div>
          </Stack>
        </ScrollArea>
      </div>
    </div>
  );
}

function Toggle({ label, tip, pressed, onClick, testId }: { label: string; tip: string; pressed: boolean; onClick: () => void; testId: string }) {
  return (
    <Tooltip label={tip}>
      <ActionIcon
        variant={pressed ? 'filled' : 'default'}
        size="lg"
        onClick={onClick}
        aria-label={tip}
        aria-pressed={pressed}
        data-testid={testId}
        style={{ fontWeight: 700, fontSize: 15 }}
      >
        {label}
      </ActionIcon>
    </Tooltip>
  );
}
