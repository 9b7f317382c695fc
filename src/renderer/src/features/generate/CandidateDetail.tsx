import { Badge, Button, Group, Kbd, Stack, Table, Text } from '@mantine/core';
import type { GenerationCandidate } from '@shared/api';
import { jointLabel } from '../pose-lab/jointCatalog';
import { answerParts, candidateLabel, formatScore, ordinal, semanticScore } from './candidateInfo';
import { formatAngle, type AngleUnit } from './sigmaColors';

/** The loosest joints first: the three with the largest σ. */
function loosestJoints(sigma: readonly number[], n = 3): { joint: number; sigma: number }[] {
  return sigma
    .map((s, joint) => ({ joint, sigma: s }))
    .sort((a, b) => b.sigma - a.sigma)
    .slice(0, n);
}

/** The selected candidate: its answer, its scores, its loosest joints, and ranking it. */
export function CandidateDetail({
  candidate,
  total,
  unit,
  onRankNext,
  onUnrank,
}: {
  candidate: GenerationCandidate;
  total: number;
  unit: AngleUnit;
  onRankNext: () => void;
  onUnrank: () => void;
}) {
  const c = candidate;
  return (
    <Stack gap={8} data-testid="candidate-detail" data-candidate-id={c.id}>
      <Group justify="space-between" wrap="wrap" gap={4}>
        <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
          {candidateLabel(c)}{' '}
          <Text span c="dimmed" fw={400} size="sm">
            of {total}
          </Text>
        </Text>
        <Group gap={4} wrap="nowrap">
          {c.rank !== null && (
            <Badge color={c.rank === 1 ? 'orange' : 'indigo'} data-testid="candidate-detail-rank">
              {ordinal(c.rank)}
            </Badge>
          )}
          {!c.formatValid && <Badge color="red">Invalid format</Badge>}
        </Group>
      </Group>
      <Text size="sm" style={{ lineHeight: 1.5 }} data-testid="candidate-text">
        {answerParts(c.text).map((p, i) =>
          p.kind === 'pose' ? (
            <Badge key={i} size="xs" variant="light" radius="sm" mx={2} style={{ verticalAlign: 'middle', textTransform: 'none' }}>
              pose
            </Badge>
          ) : (
            <span key={i}>{p.value}</span>
          ),
        )}
      </Text>
      <Table withRowBorders={false} verticalSpacing={1} horizontalSpacing={4} fz="xs">
        <Table.Tbody>
          <Row label="Semantic score" hint="cosine of prompt and pose in the retrieval model's space" value={formatScore(semanticScore(c))} />
          <Row label="Text log-prob" value={c.textLogProb.toFixed(2)} />
          <Row label="Pose log-density" value={c.poseLogProb === null ? '—' : c.poseLogProb.toFixed(1)} />
          {c.sigma && (
            <Row
              label="Loosest joints"
              value={loosestJoints(c.sigma)
                .map((l) => `${jointLabel(l.joint)} ${formatAngle(l.sigma, unit)}`)
                .join(', ')}
            />
          )}
        </Table.Tbody>
      </Table>
      <Group gap={6}>
        {c.rank === null ? (
          <Button size="xs" variant="light" onClick={onRankNext} disabled={!c.pose} rightSection={<Kbd size="xs">R</Kbd>} data-testid="candidate-rank-next">
            Rank next
          </Button>
        ) : (
          <Button size="xs" variant="default" onClick={onUnrank} rightSection={<Kbd size="xs">0</Kbd>} data-testid="candidate-unrank">
            Unrank
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function Row({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Table.Tr title={hint}>
      <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        {label}
      </Table.Td>
      <Table.Td ff="monospace" style={{ wordBreak: 'break-word' }}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}
