import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import type { ActivePolicy } from '@shared/api';
import { policyDescription } from './useActivePolicy';

/** Which policy Generate uses now, and the way back to the shipped one. */
export function ActivePolicyCard({ policy, reverting, onRevert }: { policy: ActivePolicy | null; reverting: boolean; onRevert: () => void }) {
  return (
    <Paper withBorder radius="md" p="xs" data-testid="finetune-active-policy" data-source={policy?.source ?? ''}>
      <Group justify="space-between" align="flex-end" gap="xs">
        <div style={{ minWidth: 0, flex: '1 1 12rem' }}>
          <Text size="xs" c="dimmed">
            Generate uses
          </Text>
          <Group gap={6}>
            <Badge variant="light" color={policy?.source === 'checkpoint' ? 'teal' : 'gray'}>
              {policy?.source === 'checkpoint' ? 'fine-tuned' : 'shipped'}
            </Badge>
            <Text size="sm" fw={500} data-testid="finetune-active-policy-name">
              {policy ? policyDescription(policy) : '…'}
            </Text>
          </Group>
        </div>
        {policy?.source === 'checkpoint' && (
          <Button size="compact-sm" variant="default" loading={reverting} onClick={onRevert} data-testid="finetune-use-shipped">
            Use the shipped policy
          </Button>
        )}
      </Group>
    </Paper>
  );
}
