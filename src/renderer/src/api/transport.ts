import type { BridgeApi } from '@shared/api';

/**
 * The minimal surface of a browser WebSocket the client relies on. The browser's WebSocket satisfies it,
 * and so does the `ws` package, which lets the client be tested against a real server in Node.
 */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export type SocketFactory = (url: string) => SocketLike;

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export type ConnectionState = 'connecting' | 'open' | 'closed';

export const SOCKET_OPEN = 1;

/** Finds the Electron preload bridge, if this renderer runs inside the desktop app. */
export function findBridge(scope: unknown): BridgeApi | null {
  if (typeof scope !== 'object' || scope === null) return null;
  const candidate = (scope as { poseStudio?: unknown }).poseStudio;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const b = candidate as Partial<BridgeApi>;
  return typeof b.invoke === 'function' && typeof b.subscribe === 'function'
    ? (candidate as BridgeApi)
    : null;
}
