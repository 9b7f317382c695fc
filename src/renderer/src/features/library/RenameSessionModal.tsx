import { useEffect, useState } from 'react';
import { Button, Group, Modal, TextInput } from '@mantine/core';
import type { Session } from '@shared/api';

export interface RenameSessionModalProps {
  session: Session | null;
  onClose: () => void;
  onRename: (session: Session, name: string) => Promise<boolean>;
}

export function RenameSessionModal({ session, onClose, onRename }: RenameSessionModalProps) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setName(session?.name ?? ''), [session]);
  const valid = name.trim().length > 0 && name.trim().length <= 200;
  async function submit() {
    if (!session || !valid) return;
    setBusy(true);
    const done = await onRename(session, name.trim());
    setBusy(false);
    if (done) onClose();
  }
  return (
    <Modal opened={!!session} onClose={onClose} title="Rename session" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
          data-testid="rename-input"
          error={!valid && name.length > 0 ? 'Use 1 to 200 characters' : undefined}
        />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!valid} data-testid="rename-confirm">
            Rename
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
