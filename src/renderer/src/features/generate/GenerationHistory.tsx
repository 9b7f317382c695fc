import { Alert, Badge, Button, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { useCallQuery } from '../../api/useCallQuery';
import { formatRelativeTime } from '../library/formatTime';
import { IconStar } from './GenerateIcons';

/** Earlier generations, newest first; clicking one shows it again with its ranks and pick. */
export function GenerationHistory({
  version,
  currentId,
  onOpen,
}: {
  /** Changes whenever the stored generations change (a run, a pick). */
  version: number;
  currentId: string | null;
  onOpen: (id: string) => void;
}) {
  const list = useCallQuery('generate.list', { limit: 50 }, String(version));
  const items = list.data?.items ?? [];
  return (
    <Stack gap={4} data-testid="generate-history" data-count={items.length}>
      {list.error && (
        <Alert color="red" variant="light" p="xs" title="Could not load the history">
          <Text size="xs">
            {list.error.message} ({list.error.code})
          </Text>
          <Button size="compact-xs" variant="light" color="red" mt={4} onClick={list.reload}>
            Try again
          </Button>
        </Alert>
      )}
      {list.loading && !list.data && (
        <Group justify="center" p="sm">
          <Loader size="xs" />
        </Group>
      )}
      {list.data && items.length === 0 && (
        <Text size="xs" c="dimmed" px={4}>
          Nothing generated yet. Each generation is kept here with its ranking and pick.
        </Text>
      )}
      {items.map((g) => {
        const active = g.id === currentId;
        return (
          <UnstyledButton
            key={g.id}
            onClick={() => onOpen(g.id)}
            data-testid="history-item"
            data-generation-id={g.id}
            data-active={active ? 'true' : 'false'}
            aria-current={active ? 'true' : undefined}
            style={{
              padding: '6px 8px',
              borderRadius: 8,
              border: `1px solid ${active ? 'var(--mantine-color-indigo-filled)' : 'transparent'}`,
              background: active ? 'var(--mantine-color-indigo-light)' : undefined,
            }}
          >
            <Text size="sm" lineClamp={2} lh={1.3} title={g.prompt}>
              {g.prompt}
            </Text>
            <Group gap={6} mt={2} wrap="nowrap">
              <Text size="xs" c="dimmed" truncate title={`${g.model} · ${g.candidates} candidates · seed ${g.seed}`}>
                {formatRelativeTime(g.createdAt)} · {g.candidates} cand. · seed {g.seed}
              </Text>
              {g.pickedIdx !== null && (
                <Badge size="xs" color="yellow" c="dark" variant="filled" leftSection={<IconStar size={8} filled />} style={{ flexShrink: 0 }}>
                  {g.pickedIdx + 1}
                </Badge>
              )}
            </Group>
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}
