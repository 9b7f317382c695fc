import { Button, Group, Loader, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import type { Edit, Session } from '@shared/api';
import { useCallQuery } from '../../api/useCallQuery';
import { formatRelativeTime } from './formatTime';
import classes from './Library.module.css';

export interface SessionHistoryProps {
  session: Session;
  selectedEditId: string | null;
  onSelect: (edit: Edit | null) => void;
  onRestore: (edit: Edit) => void;
}

/** A session's saved edits, newest first: pick one to preview it against the current pose, or restore it. */
export function SessionHistory({ session, selectedEditId, onSelect, onRestore }: SessionHistoryProps) {
  const edits = useCallQuery(
    'edits.list',
    { sessionId: session.id },
    `${session.id}|${session.updatedAt}|${session.editCount}`,
  );
  const list = [...(edits.data?.edits ?? [])].reverse();
  return (
    <div className={classes.history} data-testid="session-history">
      <Group justify="space-between" px="md" py={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: 0.6 }}>
          History · {session.editCount} edit{session.editCount === 1 ? '' : 's'}
        </Text>
        {edits.loading && <Loader size={12} />}
      </Group>
      <ScrollArea.Autosize mah={170} type="auto">
        {edits.error && (
          <Text size="xs" c="red" px="md" pb="sm">
            {edits.error.message} ({edits.error.code})
          </Text>
        )}
        {edits.data && list.length === 0 && (
          <Text size="xs" c="dimmed" px="md" pb="sm">
            No edits saved yet; saving in the Pose lab adds one.
          </Text>
        )}
        {list.map((e, i) => {
          const active = e.id === selectedEditId;
          return (
            <UnstyledButton
              key={e.id}
              className={classes.historyItem}
              data-active={active || undefined}
              data-testid="history-item"
              onClick={() => onSelect(active ? null : e)}
            >
              <Text size="sm" fw={600} span style={{ flex: 'none' }}>
                #{list.length - i}
              </Text>
              <Text size="sm" span truncate style={{ flex: 1 }}>
                {e.note || 'Edit'}
              </Text>
              <Text size="xs" c="dimmed" span title={e.createdAt}>
                {formatRelativeTime(e.createdAt)}
              </Text>
              {active && (
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={(ev) => {
                    ev.stopPropagation();
                    onRestore(e);
                  }}
                  data-testid="history-restore"
                >
                  Restore
                </Button>
              )}
            </UnstyledButton>
          );
        })}
      </ScrollArea.Autosize>
    </div>
  );
}
