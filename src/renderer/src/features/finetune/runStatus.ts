import type { FinetuneRunStatus } from '@shared/api';

export const STATUS_COLOR: Record<FinetuneRunStatus, string> = {
  pending: 'gray',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
  cancelled: 'yellow',
  interrupted: 'orange',
};
