import { Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import type { FinetuneCheckpoint } from '@shared/api';
import { formatMetric } from './formatMetric';

interface Props {
  checkpoints: FinetuneCheckpoint[];
  promotingId: string | null;
  onPromote: (id: string) => void;
}

const COLUMNS: { key: string; label: string; help: string }[] = [
  { key: 'reward.semantic.mean', label: 'semantic', help: 'Mean semantic reward at the checkpoint’s step.' },
  { key: 'reward.plausibility.mean', label: 'plausib.', help: 'Mean plausibility reward at the checkpoint’s step.' },
  { key: 'format_rate', label: 'format', help: 'Format rate at the checkpoint’s step.' },
  { key: 'kl_text', label: 'KL text', help: 'KL(π_θ ‖ π_ref) per answer token at the step.' },
  { key: 'kl_pose', label: 'KL pose', help: 'Pose KL to the reference at the step.' },
  { key: 'sigma.mean', label: 'σ', help: 'Mean per-joint σ of the pose head at the step.' },
];

/**
 * A run's checkpoints with the step metrics they were saved at and, where the engine evaluated them, the held-out
 * scores (semantic at μ and at a sample, posecode agreement, joint-limit violations); each can become the policy
 * Generate uses.
 */
export function CheckpointList({ checkpoints, promotingId, onPromote }: Props) {
  if (!checkpoints.length) {
    return (
      <Text size="sm" c="dimmed">
        No checkpoint yet: the run writes one every “checkpoint every” steps and at the end.
      </Text>
    );
  }
  const evaluated = checkpoints.some((c) => c.evaluation);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing={4} fz="xs" data-testid="finetune-checkpoints">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>step</Table.Th>
            {COLUMNS.map((c) => (
              <Table.Th key={c.key}>
                <Tooltip label={c.help}>
                  <span>{c.label}</span>
                </Tooltip>
              </Table.Th>
            ))}
            {evaluated && (
              <Table.Th>
                <Tooltip label="Held-out text→pose set: semantic cosine at μ / at a sample, posecode agreement at μ, share of poses outside the joint limits." multiline w={260}>
                  <span>held-out sem. μ / sample · posecode · violations</span>
                </Tooltip>
              </Table.Th>
            )}
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {checkpoints.map((c) => (
            <Table.Tr key={c.id} data-testid={`checkpoint-${c.step}`}>
              <Table.Td>
                <Text size="xs" fw={600}>
                  {c.step}
                </Text>
              </Table.Td>
              {COLUMNS.map((col) => (
                <Table.Td key={col.key}>{formatMetric(c.metrics[col.key])}</Table.Td>
              ))}
              {evaluated && (
                <Table.Td>
                  {c.evaluation
                    ? `${formatMetric(c.evaluation.heldOut.semanticMu)} / ${formatMetric(c.evaluation.heldOut.semanticSample)} · ${formatMetric(c.evaluation.heldOut.posecodeMu)} · ${c.evaluation.heldOut.violationRate === null ? '–' : `${(100 * c.evaluation.heldOut.violationRate).toFixed(1)}%`} (n ${c.evaluation.heldOut.items})`
                    : '–'}
                </Table.Td>
              )}
              <Table.Td>
                <Group justify="flex-end" gap={4} wrap="nowrap">
                  {c.active ? (
                    <Tooltip label="Generate uses this checkpoint">
                      <Badge size="sm" color="teal" data-testid="checkpoint-active" style={{ flexShrink: 0 }}>
                        In use
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Button size="compact-xs" variant="light" loading={promotingId === c.id} onClick={() => onPromote(c.id)} data-testid="checkpoint-promote">
                      Promote
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
