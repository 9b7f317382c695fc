import { useState } from 'react';
import { Alert, Button, Divider, FileButton, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { EXPORT_FORMATS, MAX_POSE_FILE_CHARS, parsePoseFile, type ExportFormat, type ImportedPose } from '@shared/export';
import type { CallRequest } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { notifySuccess, valueOrNotify } from '../../api/notify';
import { poseLab } from '../../stores/poseLab';
import { UNDO_LIMIT_FOR_IMPORT, importedPoseState } from './importPose';
import { UNTITLED_POSE, documentName } from './documentName';
import { downloadExportedFile } from './download';
import { IconExport, IconFile, IconImport } from '../../app/icons';

/** The formats poses.export answers; the menu lists each with its hint. */
type MenuFormat = CallRequest<'poses.export'>['format'];
const FORMAT_HINTS: Record<MenuFormat, string> = {
  'smpl-json': 'SMPL parameters for Python, smplx, this studio',
  bvh: 'Blender, Maya, MotionBuilder',
  'amass-npz-72': 'AMASS-style .npz, SMPL 72 (numpy, AMASS tools)',
  'amass-npz-156': 'AMASS-style .npz, SMPL+H 156 (numpy, AMASS tools)',
};
const MENU_FORMATS = Object.keys(FORMAT_HINTS) as MenuFormat[];

/** Export (SMPL JSON, BVH, AMASS .npz) through poses.export and a download; import a pose file as an unsaved document. */
export function PoseFileActions() {
  const client = useClient();
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [importOpen, setImportOpen] = useState(false);

  async function exportAs(format: MenuFormat) {
    setExporting(format);
    try {
      const { pose, session } = poseLab.get();
      const name = documentName.get().name.trim() || UNTITLED_POSE;
      const file = valueOrNotify(
        'Exporting the pose',
        await client.call('poses.export', {
          pose: Array.from(pose),
          format,
          name,
          ...(session ? { sessionId: session.id } : {}),
        }),
      );
      if (!file) return;
      downloadExportedFile(file);
      notifySuccess('Pose exported', `Downloaded “${file.fileName}”.`);
    } finally {
      setExporting(null);
    }
  }

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconImport />}
        onClick={() => setImportOpen(true)}
        data-testid="import-pose"
      >
        Import
      </Button>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconExport />}
            rightSection={<span aria-hidden="true">▾</span>}
            loading={exporting !== null}
            data-testid="export-menu"
          >
            Export
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Download the current pose as</Menu.Label>
          {MENU_FORMATS.map((format) => (
            <Menu.Item
              key={format}
              leftSection={<IconFile size={14} />}
              onClick={() => void exportAs(format)}
              data-testid={`export-${format}`}
            >
              <Text size="sm">{EXPORT_FORMATS[format].label}</Text>
              <Text size="xs" c="dimmed">
                {FORMAT_HINTS[format]}
              </Text>
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <ImportPoseModal opened={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}

function notifyImportFailed(source: string, error: string) {
  notifications.show({
    color: 'red',
    title: 'Import failed — not a pose file',
    message: `${source}: ${error}`,
    autoClose: 8000,
    withBorder: true,
  });
}

function ImportPoseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  function close() {
    setError(null);
    onClose();
  }

  function apply(imported: ImportedPose, fallbackName: string, source: string) {
    poseLab.set((s) => importedPoseState(s, imported.pose, UNDO_LIMIT_FOR_IMPORT));
    const name = imported.name ?? fallbackName;
    documentName.set({ name });
    setText('');
    close();
    notifySuccess('Pose imported', `Loaded “${name}” from ${source} as an unsaved pose.`);
  }

  function load(content: string, fallbackName: string, source: string) {
    const r = parsePoseFile(content);
    if (!r.ok) {
      setError(`${source}: ${r.error}`);
      notifyImportFailed(source, r.error);
      return;
    }
    apply(r.value, fallbackName, source);
  }

  async function loadFile(file: File | null) {
    if (!file) return;
    const source = `“${file.name}”`;
    // Checked before reading: a huge file is refused without pulling it into memory.
    if (file.size > MAX_POSE_FILE_CHARS * 4) {
      const message = `The file is too large for a pose file (${file.size} bytes).`;
      setError(`${source}: ${message}`);
      notifyImportFailed(source, message);
      return;
    }
    let content: string;
    try {
      content = await file.text();
    } catch (e) {
      const message = `The file could not be read: ${e instanceof Error ? e.message : String(e)}.`;
      setError(`${source}: ${message}`);
      notifyImportFailed(source, message);
      return;
    }
    load(content, file.name.replace(/\.[^.]*$/, '') || 'Imported pose', source);
  }

  return (
    <Modal opened={opened} onClose={close} title="Import a pose" centered size="lg" data-testid="import-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          A pose exported from the studio (SMPL JSON), or a JSON array of 66 or 72 SMPL axis-angle numbers. It
          opens as a new unsaved pose; Undo goes back to the pose you had.
        </Text>
        <Group>
          <FileButton onChange={(f) => void loadFile(f)} accept=".json,application/json">
            {(props) => (
              <Button {...props} leftSection={<IconFile />} data-testid="import-choose-file">
                Choose a file…
              </Button>
            )}
          </FileButton>
        </Group>
        <Divider label="or paste JSON" labelPosition="center" />
        <Textarea
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setError(null);
          }}
          placeholder='{"format": "pose-rft-studio.smpl-pose", ...}  or  [0, 0, 0, ...]'
          autosize
          minRows={4}
          maxRows={10}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          aria-label="Pose JSON"
          data-testid="import-text"
        />
        {error && (
          <Alert color="red" variant="light" title="This is not a pose file" data-testid="import-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            onClick={() => load(text, 'Imported pose', 'Pasted text')}
            disabled={!text.trim()}
            data-testid="import-load"
          >
            Load pasted pose
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
