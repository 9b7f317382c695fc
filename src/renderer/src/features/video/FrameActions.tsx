import { Badge, Button, Group } from '@mantine/core';
import type { VideoFrameEstimate } from '@shared/api';

/** What can be done with the current frame and the whole sequence. */
export function FrameActions({
  estimate,
  busy,
  onCandidates,
  onEdit,
  onRevert,
  onExport,
  canExport,
}: {
  estimate: VideoFrameEstimate | null;
  busy: boolean;
  onCandidates: () => void;
  onEdit: () => void;
  onRevert: () => void;
  onExport: (format: 'amass-npz' | 'csv') => void;
  canExport: boolean;
}) {
  return (
    <Group gap="xs" wrap="wrap">
      {estimate?.flagged && (
        <Badge color="red" variant="light" data-testid="frame-flag">
          flagged: {estimate.reasons.join(', ')}
        </Badge>
      )}
      {estimate && !estimate.flagged && (
        <Badge color="teal" variant="light">
          σ {estimate.meanSigmaDeg?.toFixed(1) ?? '—'}°, visibility {(estimate.bodyVisibility * 100).toFixed(0)} %
        </Badge>
      )}
      {estimate?.corrected && (
        <>
          <Badge color="violet" variant="light" data-testid="frame-corrected">
            corrected pose
          </Badge>
          <Button size="compact-sm" variant="subtle" onClick={onRevert} data-testid="revert-correction">
            Revert to the estimate
          </Button>
        </>
      )}
      <Button size="compact-sm" variant="light" disabled={!estimate || busy} onClick={onCandidates} data-testid="show-candidates">
        Show G candidates
      </Button>
      <Button size="compact-sm" variant="light" disabled={!estimate} onClick={onEdit} data-testid="edit-in-pose-lab">
        Edit in Pose lab
      </Button>
      <Button size="compact-sm" variant="default" disabled={!canExport} onClick={() => onExport('amass-npz')} data-testid="export-npz">
        Export .npz
      </Button>
      <Button size="compact-sm" variant="default" disabled={!canExport} onClick={() => onExport('csv')} data-testid="export-csv">
        Export CSV
      </Button>
    </Group>
  );
}
