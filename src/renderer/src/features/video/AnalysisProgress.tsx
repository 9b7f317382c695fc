import { Button, Group, Progress, Text } from '@mantine/core';
import type { AnalysisState } from './useVideoAnalysis';

/** Progress of the analysis (frames answered of frames asked) with its cancel button. */
export function AnalysisProgress({ state, onCancel }: { state: AnalysisState; onCancel: () => void }) {
  if (state.phase === 'idle') return null;
  const running = state.phase === 'running' || state.phase === 'loading';
  const fraction = state.total ? state.done / state.total : 0;
  return (
    <div data-testid="analysis-progress" data-phase={state.phase} data-done={state.done} data-total={state.total}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text size="sm" c={state.phase === 'failed' ? 'red' : undefined} data-testid="analysis-message">
          {state.message}
        </Text>
        {running && (
          <Button size="compact-sm" variant="light" color="red" onClick={onCancel} data-testid="analysis-cancel">
            Cancel
          </Button>
        )}
      </Group>
      <Progress value={fraction * 100} animated={running} color={state.phase === 'failed' ? 'red' : undefined} />
    </div>
  );
}
