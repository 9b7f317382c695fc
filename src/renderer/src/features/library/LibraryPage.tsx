import { useEffect, useMemo, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import type { Edit, Session } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { useCallQuery } from '../../api/useCallQuery';
import { notifySuccess, valueOrNotify } from '../../api/notify';
import { navigate } from '../../app/router';
import { poseLab } from '../../stores/poseLab';
import { PoseViewport } from '../../viewport/PoseViewport';
import type { FigureLayout } from '../../viewport/layout';
import type { ViewportFigure } from '../../viewport/usePlacedFigures';
import { IconFigure, IconOpen, IconPencil, IconRefresh, IconTrash } from '../../app/icons';
import { RenameSessionModal } from './RenameSessionModal';
import { DeleteSessionModal } from './DeleteSessionModal';
import { SessionHistory } from './SessionHistory';
import { formatRelativeTime } from './formatTime';
import classes from './Library.module.css';

/** Stored sessions: preview and compare their poses, open one in the Pose lab, rename, delete. */
export function LibraryPage() {
  const client = useClient();
  const list = useCallQuery('sessions.list', {});
  const scheme = useComputedColorScheme('light');
  const [checked, setChecked] = useState<string[]>([]);
  const [focused, setFocused] = useState<string | null>(null);
  const [layout, setLayout] = useState<FigureLayout>('grid');
  const [renaming, setRenaming] = useState<Session | null>(null);
  const [deleting, setDeleting] = useState<Session | null>(null);
  const { reload } = list;

  // Another window (or the CLI) may change sessions; keep the list current.
  useEffect(() => client.subscribe('sessions.changed', () => reload()), [client, reload]);

  const sessions = useMemo(() => list.data?.sessions ?? [], [list.data]);
  const byId = useMemo(() => new Map(sessions.map((s) => [s.id, s])), [sessions]);
  // With nothing ticked, the preview follows one session and offers its history.
  const single = checked.length ? null : ((focused ? byId.get(focused) : sessions[0]) ?? null);
  const [historyEdit, setHistoryEdit] = useState<Edit | null>(null);
  const edit = historyEdit && single && historyEdit.sessionId === single.id ? historyEdit : null;
  const figures = useMemo<ViewportFigure[]>(() => {
    if (edit && single) {
      const f: ViewportFigure[] = [
        { id: `edit-${edit.id}`, pose: edit.pose, label: 'Saved edit', highlighted: true },
      ];
      if (single.pose) f.push({ id: single.id, pose: single.pose, label: 'Current pose' });
      return f;
    }
    const ids = (checked.length ? checked : single ? [single.id] : []).filter((id) => byId.get(id)?.pose);
    return ids.map((id) => ({
      id,
      pose: byId.get(id)!.pose!,
      label: byId.get(id)!.name,
      highlighted: id === focused && ids.length > 1,
    }));
  }, [edit, single, checked, byId, focused]);

  function restore(s: Session, e: Edit) {
    poseLab.loadSession(s);
    poseLab.setPose(e.pose);
    navigate('pose-lab');
  }

  function open(s: Session) {
    poseLab.loadSession(s);
    navigate('pose-lab');
  }

  async function rename(s: Session, name: string) {
    const r = valueOrNotify('Renaming the session', await client.call('sessions.rename', { id: s.id, name }));
    if (!r) return false;
    const current = poseLab.get().session;
    if (current?.id === s.id) poseLab.markSaved(r, poseLab.get().savedPose ?? poseLab.get().pose);
    reload();
    return true;
  }

  async function remove(s: Session) {
    const r = valueOrNotify('Deleting the session', await client.call('sessions.delete', { id: s.id }));
    if (!r) return false;
    poseLab.detachSession(s.id);
    setChecked((c) => c.filter((id) => id !== s.id));
    if (focused === s.id) setFocused(null);
    notifySuccess('Session deleted', `“${s.name}” was deleted.`);
    reload();
    return true;
  }

  return (
    <div className={classes.layout}>
      <div className={classes.listPane}>
        <Group justify="space-between" px="lg" pt="lg" pb="sm">
          <div>
            <Title order={3}>Library</Title>
            <Text size="sm" c="dimmed">
              Sessions saved by the Pose lab{sessions.length ? ` · ${sessions.length} stored` : ''}
            </Text>
          </div>
          <Tooltip label="Refresh">
            <ActionIcon
              variant="default"
              size="lg"
              onClick={reload}
              aria-label="Refresh the library"
              data-testid="library-refresh"
            >
              <IconRefresh />
            </ActionIcon>
          </Tooltip>
        </Group>
        <ScrollArea className={classes.scroll} type="auto">
          <div style={{ padding: '0 var(--mantine-spacing-lg) var(--mantine-spacing-lg)' }}>
            {list.error && (
              <Alert color="red" title="Could not load the library" data-testid="library-error">
                {list.error.message} ({list.error.code})
              </Alert>
            )}
            {list.loading && !list.data && (
              <Group justify="center" p="xl">
                <Loader size="sm" />
              </Group>
            )}
            {list.data && sessions.length === 0 && (
              <Paper withBorder p="xl" radius="md" data-testid="library-empty">
                <Stack align="center" gap="xs">
                  <IconFigure size={36} stroke={1.4} />
                  <Title order={5}>No saved sessions yet</Title>
                  <Text size="sm" c="dimmed" ta="center" maw={360}>
                    Pose a figure in the Pose lab and press “Save to library” — your sessions will be listed
                    here.
                  </Text>
                  <Button variant="light" mt="xs" onClick={() => navigate('pose-lab')}>
                    Open the Pose lab
                  </Button>
                </Stack>
              </Paper>
            )}
            {sessions.length > 0 && (
              <Table highlightOnHover verticalSpacing="sm" data-testid="session-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={36} />
                    <Table.Th>Name</Table.Th>
                    <Table.Th w={76}>Kind</Table.Th>
                    <Table.Th ta="right">Edits</Table.Th>
                    <Table.Th>Updated</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sessions.map((s) => (
                    <Table.Tr
                      key={s.id}
                      data-testid="session-row"
                      data-session-id={s.id}
                      className={classes.row}
                      data-focused={focused === s.id || undefined}
                      onClick={() => setFocused(s.id)}
                      onDoubleClick={() => open(s)}
                    >
                      <Table.Td onClick={(e) => e.stopPropagation()}>
                        <Checkbox
                          aria-label={`Compare ${s.name}`}
                          checked={checked.includes(s.id)}
                          disabled={!s.pose}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            setChecked((c) => (on ? [...c, s.id] : c.filter((id) => id !== s.id)));
                          }}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600} data-testid="session-name-cell">
                          {s.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          variant="light"
                          size="sm"
                          style={{ flex: 'none', overflow: 'visible' }}
                          tt="capitalize"
                        >
                          {s.kind}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" data-testid="session-edits">
                          {s.editCount}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed" title={s.updatedAt}>
                          {formatRelativeTime(s.updatedAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td onClick={(e) => e.stopPropagation()}>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="light"
                            leftSection={<IconOpen size={14} />}
                            onClick={() => open(s)}
                            data-testid="session-open"
                          >
                            Open
                          </Button>
                          <Tooltip label="Rename">
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              onClick={() => setRenaming(s)}
                              aria-label={`Rename ${s.name}`}
                              data-testid="session-rename"
                            >
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Delete">
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              onClick={() => setDeleting(s)}
                              aria-label={`Delete ${s.name}`}
                              data-testid="session-delete"
                            >
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
        </ScrollArea>
      </div>
      <div className={classes.previewPane}>
        <Group justify="space-between" px="md" py={8} className={classes.previewBar} wrap="nowrap">
          <Text size="sm" fw={600} truncate>
            {edit && single
              ? `${single.name} · saved edit vs current`
              : figures.length === 0
                ? 'Preview'
                : figures.length === 1
                  ? figures[0].label
                  : `Comparing ${figures.length} poses`}
          </Text>
          {figures.length > 1 && !edit && (
            <SegmentedControl
              size="xs"
              value={layout}
              onChange={(v) => setLayout(v as FigureLayout)}
              data={[
                { label: 'Grid', value: 'grid' },
                { label: 'Overlay', value: 'overlay' },
              ]}
              data-testid="preview-layout"
            />
          )}
        </Group>
        <div className={classes.previewViewport}>
          {figures.length > 0 ? (
            <PoseViewport
              figures={figures}
              layout={edit ? 'overlay' : layout}
              colorScheme={scheme}
              testId="library-viewport"
            />
          ) : (
            <Stack align="center" justify="center" h="100%" p="xl">
              <Text size="sm" c="dimmed" ta="center">
                Select a session with a pose to preview it. Tick several to compare them side by side.
              </Text>
            </Stack>
          )}
        </div>
        {single && (
          <SessionHistory
            session={single}
            selectedEditId={edit?.id ?? null}
            onSelect={setHistoryEdit}
            onRestore={(e) => restore(single, e)}
          />
        )}
      </div>
      <RenameSessionModal session={renaming} onClose={() => setRenaming(null)} onRename={rename} />
      <DeleteSessionModal session={deleting} onClose={() => setDeleting(null)} onDelete={remove} />
    </div>
  );
}
