import { Badge, Tooltip } from '@mantine/core';
import { useComputeStatus, useConnection, type ComputeState } from '../api/StudioContext';

const COLORS: Record<ComputeState, string> = {
  ready: 'teal',
  starting: 'yellow',
  restarting: 'yellow',
  crashed: 'red',
  stopped: 'gray',
  unknown: 'gray',
};

const LABELS: Record<ComputeState, string> = {
  ready: 'Compute ready',
  starting: 'Compute starting',
  restarting: 'Compute restarting',
  crashed: 'Compute down',
  stopped: 'Compute stopped',
  unknown: 'Compute…',
};

/** Header indicator for the compute process, and for the server connection when it is not open. */
export function ComputeStatusBadge() {
  const status = useComputeStatus();
  const connection = useConnection();
  const offline = connection !== 'open';
  const state: ComputeState = offline && connection === 'closed' ? 'stopped' : status.state;
  const label = offline && connection === 'closed' ? 'Reconnecting…' : LABELS[state];
  const detail = [
    status.message,
    status.pid ? `pid ${status.pid}` : null,
    status.restarts ? `${status.restarts} restart(s)` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip label={detail} multiline maw={320}>
      <Badge
        data-testid="compute-status"
        data-state={state}
        variant="light"
        color={COLORS[state]}
        size="lg"
        radius="sm"
        leftSection={
          <span
            style={{
              display: 'inline-block',
              width: 8,
              height: 8,
              borderRadius: 8,
              background: 'currentColor',
            }}
          />
        }
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
