import { Badge, Button, Group, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import type { FinetuneRun } from '@shared/api';
import { formatRelativeTime } from '../library/formatTime';
import { STATUS_COLOR } from './runStatus';

interface Props {
  runs: FinetuneRun[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onStop: (id: string) => void;
  onResume: (id: string) => void;
  /** The run whose stop or resume is under way. */
  pendingId: string | null;
  busy: boolean;
}

/** Every run, newest first: status, progress, and stop (running) or resume (stopped before the end). */
export function RunList({ runs, selectedId, onSelect, onStop, onResume, pendingId, busy }: Props) {
  if (!runs.length) {
    return (
      <Text size="sm" c="dimmed">
        No runs yet. Pick a preset, adjust it and start one.
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="finetune-runs">
      {runs.map((r) => (
        <UnstyledButton
          key={r.id}
          onClick={() => onSelect(r.id)}
          data-testid={`run-${r.id}`}
          data-status={r.status}
          data-selected={r.id === selectedId}
          p="xs"
          style={{
            borderRadius: 'var(--mantine-radius-md)',
            border: `1px solid ${r.id === selectedId ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
          }}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate>
                {r.name}
              </Text>
              <Text size="xs" c="dimmed">
                {formatRelativeTime(r.createdAt)} · step {r.step}/{r.steps}
                {r.checkpointStep !== null ? ` · checkpoint ${r.checkpointStep}` : ''}
              </Text>
            </div>
            <Badge color={STATUS_COLOR[r.status]} variant="light" data-testid="run-status">
              {r.status}
            </Badge>
          </Group>
          <Progress value={r.steps ? (100 * r.step) / r.steps : 0} size="xs" mt={6} animated={r.status === 'running'} />
          {r.error && r.status !== 'cancelled' && (
            <Text size="xs" c="red" mt={4} lineClamp={2}>
              {r.error}
            </Text>
          )}
          {(r.status === 'running' || r.resumable) && (
            <Group justify="flex-end" mt={6}>
              {r.status === 'running' ? (
                <Button
                  size="compact-xs"
                  color="red"
                  variant="light"
                  loading={pendingId === r.id}
                  onClick={(e) => {
                    e.stopPropagation();
                    onStop(r.id);
                  }}
                  data-testid="run-stop"
                >
                  Stop
                </Button>
              ) : (
                <Button
                  size="compact-xs"
                  variant="light"
                  disabled={busy}
                  loading={pendingId === r.id}
                  onClick={(e) => {
                    e.stopPropagation();
                    onResume(r.id);
                  }}
                  data-testid="run-resume"
                >
                  Resume{r.checkpointStep !== null ? ` from step ${r.checkpointStep}` : ' from the start'}
                </Button>
              )}
            </Group>
          )}
        </UnstyledButton>
      ))}
    </Stack>
  );
}
