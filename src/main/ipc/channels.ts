/** IPC channel names shared by the preload bridge and the main process's handlers. */
export const IPC_CHANNELS = {
  /**
   * renderer → main (invoke/handle): (name, req, callId?) → Result. A callId (an integer the renderer picks,
   * unique among its calls in flight) makes the call cancellable and, for long-running calls, lets progress
   * flow back on `progress`.
   */
  invoke: 'pose-studio:invoke',
  /** renderer → main (send): callId of a call of this renderer to cancel */
  cancel: 'pose-studio:cancel',
  /** main → renderer (send): { callId, fraction, message } for a long-running call in flight */
  progress: 'pose-studio:progress',
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

export interface IpcProgressMessage {
  callId: number;
  fraction: number;
  message: string;
}

/** Call ids the renderer may use: small non-negative integers. */
export function isCallId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
