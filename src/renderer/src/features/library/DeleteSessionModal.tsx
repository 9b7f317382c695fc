import { useState } from 'react';
import { Button, Group, Modal, Text } from '@mantine/core';
import type { Session } from '@shared/api';

export interface DeleteSessionModalProps {
  session: Session | null;
  onClose: () => void;
  onDelete: (session: Session) => Promise<boolean>;
}

export function DeleteSessionModal({ session, onClose, onDelete }: DeleteSessionModalProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Modal opened={!!session} onClose={onClose} title="Delete session?" centered>
      <Text size="sm">
        “{session?.name}” and its {session?.editCount ?? 0} saved edit{session?.editCount === 1 ? '' : 's'}{' '}
        will be deleted. This cannot be undone.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          color="red"
          loading={busy}
          data-testid="delete-confirm"
          onClick={async () => {
            if (!session) return;
            setBusy(true);
            const done = await onDelete(session);
            setBusy(false);
            if (done) onClose();
          }}
        >
          Delete
        </Button>
      </Group>
    </Modal>
  );
}
