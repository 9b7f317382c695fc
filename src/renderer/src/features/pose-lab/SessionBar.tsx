import { useEffect, useState } from 'react';
import { Badge, Button, Group, Menu, TextInput } from '@mantine/core';
import { useClient } from '../../api/StudioContext';
import { notifySuccess, valueOrNotify } from '../../api/notify';
import { poseLab, posesEqual } from '../../stores/poseLab';
import { usePoseLab } from './usePoseLab';
import { UNTITLED_POSE, documentName } from './documentName';
import { useStore } from '../../stores/createStore';
import { IconPlus, IconSave } from '../../app/icons';

/**
 * Names the pose and saves it: the first save creates a session (sessions.create), later saves record an
 * edit (edits.save) and rename the session if its name changed.
 */
export function SessionBar() {
  const client = useClient();
  const session = usePoseLab((s) => s.session);
  const pose = usePoseLab((s) => s.pose);
  const savedPose = usePoseLab((s) => s.savedPose);
  const dirty = poseLab.isDirty({ ...poseLab.get(), pose, savedPose });
  const name = useStore(documentName, (s) => s.name);
  const setName = (next: string) => documentName.set({ name: next });
  const [busy, setBusy] = useState(false);

  // Opening, saving or renaming a session shows its name; leaving one (new pose, import, deletion
  // elsewhere) keeps whatever the field holds, which those actions set themselves.
  const sessionName = session?.name;
  useEffect(() => {
    if (sessionName !== undefined) documentName.set({ name: sessionName });
  }, [session?.id, sessionName]);

  async function saveNew() {
    const trimmed = name.trim() || UNTITLED_POSE;
    const snapshot = poseLab.get().pose;
    const created = valueOrNotify(
      'Saving the pose',
      await client.call('sessions.create', { name: trimmed, kind: 'pose', pose: Array.from(snapshot) }),
    );
    if (!created) return;
    poseLab.markSaved(created, snapshot);
    notifySuccess('Pose saved', `Created session “${created.name}”.`);
  }

  async function save() {
    setBusy(true);
    try {
      if (!session) return await saveNew();
      const snapshot = poseLab.get().pose;
      const trimmed = name.trim();
      let current = session;
      if (trimmed && trimmed !== session.name) {
        const renamed = valueOrNotify(
          'Renaming the session',
          await client.call('sessions.rename', { id: session.id, name: trimmed }),
        );
        if (!renamed) return;
        current = renamed;
        poseLab.markSaved(renamed, poseLab.get().savedPose ?? snapshot);
      }
      if (!posesEqual(snapshot, poseLab.get().savedPose)) {
        const edit = valueOrNotify(
          'Saving the edit',
          await client.call('edits.save', {
            sessionId: session.id,
            pose: Array.from(snapshot),
            note: 'Pose lab edit',
          }),
        );
        if (!edit) return;
      }
      poseLab.markSaved(current, snapshot);
      notifySuccess('Pose saved', `Saved to “${current.name}”.`);
    } finally {
      setBusy(false);
    }
  }

  async function saveAsNew() {
    setBusy(true);
    try {
      await saveNew();
    } finally {
      setBusy(false);
    }
  }

  const nameChanged = session ? name.trim() !== session.name : false;
  return (
    <Group gap="xs" wrap="nowrap">
      <TextInput
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        placeholder="Pose name"
        aria-label="Pose name"
        data-testid="session-name"
        w={220}
        maxLength={200}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void save();
        }}
      />
      {session ? (
        <Badge variant="light" color={dirty || nameChanged ? 'orange' : 'gray'} data-testid="save-state">
          {dirty || nameChanged ? 'Unsaved changes' : 'Saved'}
        </Badge>
      ) : (
        <Badge variant="light" color="gray" data-testid="save-state">
          Not saved yet
        </Badge>
      )}
      <Button.Group>
        <Button
          leftSection={<IconSave size={16} />}
          loading={busy}
          onClick={() => void save()}
          data-testid="save-pose"
        >
          {session ? 'Save' : 'Save to library'}
        </Button>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button px={8} aria-label="More save options" data-testid="save-menu" disabled={busy}>
              ▾
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              leftSection={<IconSave size={14} />}
              onClick={() => void saveAsNew()}
              data-testid="save-as-new"
            >
              Save as a new session
            </Menu.Item>
            <Menu.Item
              leftSection={<IconPlus size={14} />}
              onClick={() => {
                poseLab.newDocument();
                setName(UNTITLED_POSE);
              }}
              data-testid="new-pose"
            >
              New pose (start over)
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Button.Group>
    </Group>
  );
}
