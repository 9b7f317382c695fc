/** IPC channel names shared by the preload bridge and the main process's handlers. */
export const IPC_CHANNELS = {
  /** renderer → main (invoke/handle): (name, req) → Result */
  invoke: 'pose-studio:invoke',
  /** renderer → main (send): event name to start receiving */
  subscribe: 'pose-studio:subscribe',
  /** renderer → main (send): event name to stop receiving */
  unsubscribe: 'pose-studio:unsubscribe',
  /** main → renderer (send): { name, payload } */
  event: 'pose-studio:event',
} as const;

export interface IpcEventMessage {
  name: string;
  payload: unknown;
}
