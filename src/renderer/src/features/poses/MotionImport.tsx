import { useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Collapse,
  FileButton,
  Group,
  List,
  Loader,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { MOTION_IMPORT_LIMITS, type ImportedClip } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { IconImport } from '../../app/icons';
import { PoseGrid, type PoseGridItem } from '../../viewport/PoseGrid';
import {
  encodeMotionFile,
  formatBytes,
  formatClipTime,
  importErrorText,
  MOTION_FILE_ACCEPT,
} from './motionFile';
import { openInPoseLab } from './openInPoseLab';
import { PoseDetail } from './PoseDetail';
import classes from './Poses.module.css';

/** What the import view shows; kept by the page so switching to the library and back keeps the clip. */
export type MotionImportState =
  | { status: 'idle' }
  | { status: 'importing'; fileName: string }
  | { status: 'failed'; fileName: string; message: string }
  | { status: 'done'; fileName: string; bytes: number; clip: ImportedClip; selected: number };

const FILMSTRIP_FRAMES = MOTION_IMPORT_LIMITS.defaultFrames;

/**
 * Import a BVH or AMASS .npz file: the clip, retargeted onto the SMPL skeleton, as a filmstrip of evenly
 * sampled frames with the importer's warnings and joint map; any frame opens in the Pose lab.
 */
export function MotionImport({
  scheme,
  state,
  onState,
}: {
  scheme: 'light' | 'dark';
  state: MotionImportState;
  onState: (s: MotionImportState) => void;
}) {
  const client = useClient();

  async function importFile(file: File | null) {
    if (!file) return;
    onState({ status: 'importing', fileName: file.name });
    const encoded = await encodeMotionFile(file, MOTION_IMPORT_LIMITS.maxBytes);
    if (!encoded.ok) {
      onState({ status: 'failed', fileName: file.name, message: encoded.message });
      return;
    }
    const r = await client.call('motion.import', {
      fileName: file.name,
      data: encoded.data,
      encoding: encoded.encoding,
      maxFrames: FILMSTRIP_FRAMES,
    });
    if (!r.ok) {
      onState({
        status: 'failed',
        fileName: file.name,
        message: importErrorText(r.error.message, r.error.details),
      });
      return;
    }
    onState({ status: 'done', fileName: file.name, bytes: encoded.bytes, clip: r.value.clip, selected: 0 });
  }

  const clip = state.status === 'done' ? state.clip : null;
  const items = useMemo<PoseGridItem[]>(
    () =>
      clip
        ? clip.frames.map((f) => ({
            id: `${clip.name}#${f.index}`,
            pose: f.pose,
            label: `Frame ${f.index + 1}`,
            caption: formatClipTime(f.time),
          }))
        : [],
    [clip],
  );
  const frame = clip && state.status === 'done' ? (clip.frames[state.selected] ?? null) : null;

  return (
    <div className={classes.browse}>
      <div className={classes.mainCol}>
        <Group px="lg" py="sm" gap="sm" wrap="nowrap">
          <FileButton
            onChange={(f) => void importFile(f)}
            accept={MOTION_FILE_ACCEPT}
            inputProps={{ 'data-testid': 'motion-file-input' } as React.ComponentProps<'input'>}
          >
            {(props) => (
              <Button
                {...props}
                leftSection={<IconImport size={16} />}
                loading={state.status === 'importing'}
                style={{ flex: 'none' }}
                data-testid="motion-choose"
              >
                Import motion…
              </Button>
            )}
          </FileButton>
          <Text size="sm" c="dimmed">
            BVH (any standard rig) or AMASS-style .npz, up to {formatBytes(MOTION_IMPORT_LIMITS.maxBytes)};
            shown as {FILMSTRIP_FRAMES} evenly spaced frames.
          </Text>
        </Group>
        <ScrollArea className={classes.scroll} type="auto">
          <Stack gap="sm" px="lg" pb="lg">
            {state.status === 'idle' && (
              <Paper withBorder p="xl" radius="md" data-testid="motion-empty">
                <Stack align="center" gap="xs">
                  <IconImport size={36} stroke={1.4} />
                  <Title order={5}>No motion imported yet</Title>
                  <Text size="sm" c="dimmed" ta="center" maw={420}>
                    Choose a motion-capture file. Its skeleton is mapped onto the studio&apos;s body by joint
                    names and bone directions; nothing is stored until you open a frame in the Pose lab.
                  </Text>
                </Stack>
              </Paper>
            )}
            {state.status === 'importing' && (
              <Group gap="sm" p="md" data-testid="motion-importing">
                <Loader size="sm" />
                <Text size="sm">Importing {state.fileName}…</Text>
              </Group>
            )}
            {state.status === 'failed' && (
              <Alert color="red" title={`Could not import ${state.fileName}`} data-testid="motion-error">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="motion-error-text">
                  {state.message}
                </Text>
              </Alert>
            )}
            {state.status === 'done' && (
              <Stack gap="sm" data-testid="motion-result">
                <ClipSummary clip={state.clip} fileName={state.fileName} bytes={state.bytes} />
                <PoseGrid
                  items={items}
                  colorScheme={scheme}
                  selectedId={frame ? `${state.clip.name}#${frame.index}` : null}
                  onSelect={(id) => {
                    const i = items.findIndex((x) => x.id === id);
                    if (i >= 0) onState({ ...state, selected: i });
                  }}
                  onOpen={(id) => {
                    const f = state.clip.frames.find((x) => `${state.clip.name}#${x.index}` === id);
                    if (f) void openInPoseLab(client, `${state.clip.name} · frame ${f.index + 1}`, f.pose);
                  }}
                  minCellWidth={128}
                  testId="motion-frames"
                />
              </Stack>
            )}
          </Stack>
        </ScrollArea>
      </div>
      <div className={classes.detailPane}>
        {state.status === 'done' && frame ? (
          <PoseDetail
            id={`${state.clip.name}#${frame.index}`}
            name={`${state.clip.name} · frame ${frame.index + 1}`}
            sessionName={`${state.clip.name} · frame ${frame.index + 1}`}
            pose={frame.pose}
            badges={[state.clip.format === 'bvh' ? 'BVH' : 'AMASS npz', formatClipTime(frame.time)]}
            colorScheme={scheme}
            openLabel="Open frame in Pose lab"
          />
        ) : (
          <Stack align="center" justify="center" h="100%" p="xl">
            <Text size="sm" c="dimmed" ta="center">
              Import a clip and select a frame to see it large.
            </Text>
          </Stack>
        )}
      </div>
    </div>
  );
}

function ClipSummary({ clip, fileName, bytes }: { clip: ImportedClip; fileName: string; bytes: number }) {
  const [showMap, setShowMap] = useState(false);
  const entries = Object.entries(clip.jointMap);
  const mapped = entries.filter(([, src]) => src !== null);
  const missing = entries.filter(([, src]) => src === null).map(([smpl]) => smpl);
  return (
    <Paper withBorder radius="md" p="md" data-testid="motion-clip">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Title order={4} data-testid="motion-clip-name">
            {clip.name}
          </Title>
          <Text size="sm" c="dimmed" data-testid="motion-clip-facts">
            {fileName} · {formatBytes(bytes)} · {clip.frameCount} frames at {Number(clip.fps.toFixed(2))} fps
            · {formatClipTime(clip.frameCount / clip.fps)}
          </Text>
        </div>
        <Badge variant="light" style={{ flex: 'none' }}>
          {clip.format === 'bvh' ? 'BVH' : 'AMASS npz'}
        </Badge>
      </Group>
      {clip.warnings.length > 0 && (
        <Alert
          color="yellow"
          mt="sm"
          p="xs"
          title={`${clip.warnings.length} warning${clip.warnings.length === 1 ? '' : 's'}`}
          data-testid="motion-warnings"
        >
          <List size="sm" spacing={2}>
            {clip.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <UnstyledButton mt="sm" onClick={() => setShowMap((v) => !v)} data-testid="motion-jointmap-toggle">
        <Text size="sm">
          <b>
            {mapped.length} of {entries.length}
          </b>{' '}
          body joints mapped from the file&apos;s skeleton
          {missing.length > 0 ? ` · at rest: ${missing.join(', ')}` : ''} {showMap ? '▴' : '▾'}
        </Text>
      </UnstyledButton>
      <Collapse expanded={showMap}>
        <Table mt="xs" withTableBorder verticalSpacing={2} fz="xs" data-testid="motion-jointmap">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Studio joint</Table.Th>
              <Table.Th>From the file</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map(([smpl, src]) => (
              <Table.Tr key={smpl}>
                <Table.Td>{smpl}</Table.Td>
                <Table.Td c={src ? undefined : 'dimmed'}>{src ?? '— (left at rest)'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Collapse>
    </Paper>
  );
}
