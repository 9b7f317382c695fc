import { CloseButton, Group, Text } from '@mantine/core';
import { PoseViewport } from '../../viewport/PoseViewport';

export interface FrameCandidates {
  frame: number;
  model: string;
  poses: { id: string; pose: number[] }[];
}

/** The G poses the policy proposes for one frame's landmarks, side by side. */
export function CandidatesView({ candidates, colorScheme, onClose }: { candidates: FrameCandidates; colorScheme: 'light' | 'dark'; onClose: () => void }) {
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
        layout="grid"
        colorScheme={colorScheme}
        testId="candidates-viewport"
        style={{ height: 260 }}
      />
    </div>
  );
}
