import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ApiError, CallRequest, Progress as CallProgress, SpeedTestResult } from '@shared/api';
import { useEffect, useRef, useState } from 'react';
import { useClient } from '../../api/StudioContext';

type RunState =
  | { phase: 'idle' }
  | { phase: 'running'; progress: CallProgress }
  | { phase: 'done'; result: SpeedTestResult }
  | { phase: 'cancelled'; progress: CallProgress }
  | { phase: 'failed'; error: ApiError };

/** Quick uses the backend's defaults; thorough adds 2048² and more repeats for steadier medians. */
const PLANS: Record<'quick' | 'thorough', { label: string; request: CallRequest<'compute.speedTest'>; describe: string }> = {
  quick: { label: 'Quick', request: {}, describe: '256, 512 and 1024 · median of 5 runs' },
  thorough: {
    label: 'Thorough',
    request: { sizes: [256, 512, 1024, 2048], repeats: 15 },
    describe: '256 to 2048 · median of 15 runs',
  },
};

/** One colour per thread count, so the bars of a size read as a group. */
const THREAD_COLORS = ['var(--mantine-color-blue-4)', 'var(--mantine-color-teal-6)', 'var(--mantine-color-grape-5)', 'var(--mantine-color-orange-5)'];

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function formatGflops(g: number): string {
  return g < 10 ? g.toFixed(2) : g.toFixed(1);
}

/** Horizontal bars of GFLOP/s per (size, threads), scaled to the fastest. */
function SpeedChart({ result }: { result: SpeedTestResult }) {
  const max = Math.max(...result.rows.map((r) => r.gflops), 1e-9);
  const threadCounts = [...new Set(result.rows.map((r) => r.threads))].sort((a, b) => a - b);
  const colorOf = (t: number) => THREAD_COLORS[threadCounts.indexOf(t) % THREAD_COLORS.length];
  return (
    <Stack gap={6} data-testid="speed-chart" aria-label="GFLOP/s per matrix size and thread count">
      {result.rows.map((r) => (
        <Group key={`${r.size}-${r.threads}`} gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" w={112} style={{ flex: 'none', fontVariantNumeric: 'tabular-nums' }}>
            {r.size}² · {r.threads} thread{r.threads === 1 ? '' : 's'}
          </Text>
          <Box style={{ flex: 1, height: 14, background: 'var(--mantine-color-default-border)', borderRadius: 3 }}>
            <Box
              style={{
                width: `${Math.max(1, (r.gflops / max) * 100)}%`,
                height: '100%',
                borderRadius: 3,
                background: colorOf(r.threads),
              }}
            />
          </Box>
          <Text size="xs" w={64} ta="right" style={{ flex: 'none', fontVariantNumeric: 'tabular-nums' }}>
            {formatGflops(r.gflops)}
          </Text>
        </Group>
      ))}
      <Text size="xs" c="dimmed" ta="right">
        GFLOP/s
      </Text>
    </Stack>
  );
}

function SpeedTable({ result }: { result: SpeedTestResult }) {
  return (
    <Table withTableBorder fz="xs" data-testid="speed-results" style={{ fontVariantNumeric: 'tabular-nums' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Size</Table.Th>
          <Table.Th>Threads</Table.Th>
          <Table.Th ta="right">Median ms</Table.Th>
          <Table.Th ta="right">GFLOP/s</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {result.rows.map((r) => (
          <Table.Tr key={`${r.size}-${r.threads}`}>
            <Table.Td>
              {r.size} × {r.size}
            </Table.Td>
            <Table.Td>{r.threads}</Table.Td>
            <Table.Td ta="right">{formatMs(r.ms)}</Table.Td>
            <Table.Td ta="right">{formatGflops(r.gflops)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * "Measure compute speed": runs compute.speedTest (MatMul in the compute process) with live progress and a
 * Cancel button. Leaving the page cancels a run in progress.
 */
export function SpeedTestCard() {
  const client = useClient();
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const [plan, setPlan] = useState<'quick' | 'thorough'>('quick');
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  const start = () => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    let last: CallProgress = { fraction: 0, message: 'Starting…' };
    setState({ phase: 'running', progress: last });
    void client
      .call(
        'compute.speedTest',
        PLANS[plan].request,
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (abortRef.current !== controller) return;
            last = p;
            setState({ phase: 'running', progress: p });
          },
        },
      )
      .then((r) => {
        if (abortRef.current !== controller) return;
        abortRef.current = null;
        if (r.ok) setState({ phase: 'done', result: r.value });
        else if (r.error.code === 'cancelled') setState({ phase: 'cancelled', progress: last });
        else setState({ phase: 'failed', error: r.error });
      });
  };

  const running = state.phase === 'running';
  const percent = state.phase === 'running' || state.phase === 'cancelled' ? Math.round(state.progress.fraction * 100) : 0;

  return (
    <Card withBorder radius="md" padding="lg" data-testid="speed-card">
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <div>
          <Title order={5}>Compute speed</Title>
          <Text size="xs" c="dimmed">
            Matrix multiplication through ONNX Runtime in the compute process, per size and thread count
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <SegmentedControl
            size="xs"
            value={plan}
            onChange={(v) => setPlan(v as 'quick' | 'thorough')}
            disabled={running}
            data={[
              { label: PLANS.quick.label, value: 'quick' },
              { label: PLANS.thorough.label, value: 'thorough' },
            ]}
            data-testid="speed-plan"
          />
          {running && (
            <Button size="xs" variant="default" color="red" onClick={() => abortRef.current?.abort()} data-testid="speed-cancel">
              Cancel
            </Button>
          )}
          <Button size="xs" onClick={start} loading={running} data-testid="speed-start">
            Measure compute speed
          </Button>
        </Group>
      </Group>

      {state.phase === 'idle' && (
        <Text size="sm" c="dimmed" data-testid="speed-idle">
          Times square MatMuls ({PLANS[plan].describe}) on one thread and on every core, after a warm-up run, and
          reports GFLOP/s. Takes seconds; other work on this machine slows it down.
        </Text>
      )}

      {(state.phase === 'running' || state.phase === 'cancelled') && (
        <Stack gap={6} data-testid="speed-progress-block">
          <Progress
            value={percent}
            animated={running}
            color={running ? undefined : 'gray'}
            size="lg"
            data-testid="speed-progress"
            aria-label="Speed test progress"
            aria-valuenow={percent}
          />
          <Group justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed" data-testid="speed-message" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {state.progress.message}
            </Text>
            <Text size="xs" c="dimmed">
              {percent}%
            </Text>
          </Group>
          {state.phase === 'cancelled' && (
            <Alert color="gray" variant="light" data-testid="speed-cancelled" title="Measurement cancelled">
              Stopped at {percent}%; partial measurements are discarded. Start again for a full run.
            </Alert>
          )}
        </Stack>
      )}

      {state.phase === 'failed' && (
        <Alert color="red" variant="light" title="The measurement failed" data-testid="speed-error">
          {state.error.message} ({state.error.code})
        </Alert>
      )}

      {state.phase === 'done' && (
        <Stack gap="sm">
          <Group gap="xs" data-testid="speed-summary">
            <Badge variant="light">ONNX Runtime {state.result.ort}</Badge>
            <Badge variant="light" color="gray">
              {state.result.provider}
            </Badge>
            <Text size="xs" c="dimmed">
              median of {state.result.repeats} runs after a warm-up · best{' '}
              {formatGflops(Math.max(...state.result.rows.map((r) => r.gflops)))} GFLOP/s
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <SpeedChart result={state.result} />
            <SpeedTable result={state.result} />
          </SimpleGrid>
        </Stack>
      )}
    </Card>
  );
}
