import { Button, CloseButton, Group, Text } from '@mantine/core';
import { PoseViewport } from '../../viewport/PoseViewport';

export interface FrameCandidates {
  frame: number;
  model: string;
  poses: { id: string; pose: number[] }[];
}

/**
 * The G poses the policy proposes for one frame's landmarks, side by side; with `onUse`, any of them can become the
 * frame's corrected pose.
 */
export function CandidatesView({
  candidates,
  colorScheme,
  onClose,
  onUse,
}: {
  candidates: FrameCandidates;
  colorScheme: 'light' | 'dark';
  onClose: () => void;
  onUse?: (pose: number[]) => void;
}) {
  return (
    <div data-testid="frame-candidates" data-count={candidates.poses.length}>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={500}>
          {candidates.poses.length} candidates for frame #{candidates.frame + 1} ({candidates.model})
        </Text>
        <CloseButton onClick={onClose} aria-label="Close the candidates" />
      </Group>
      <PoseViewport
        figures={candidates.poses.map((p, i) => ({ id: p.id, pose: p.pose, highlighted: true, label: `#${i + 1}` }))}
        layout="row"
        colorScheme={colorScheme}
        testId="candidates-viewport"
        style={{ height: 260 }}
      />
      {onUse && (
        <Group gap={6} mt={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            Use for this frame:
          </Text>
          {candidates.poses.map((p, i) => (
            <Button key={p.id} size="compact-xs" variant="light" onClick={() => onUse(p.pose)} data-testid="use-candidate">
              #{i + 1}
            </Button>
          ))}
        </Group>
      )}
    </div>
  );
}
