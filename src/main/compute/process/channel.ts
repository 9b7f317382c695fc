/**
 * The compute process's link to its host. Electron's utilityProcess exposes `process.parentPort`
 * (messages arrive as `{ data }` events); child_process.fork exposes `process.send` and 'message'.
 * Both carry structured clones. Nothing here imports electron: the port is found at run time.
 */
export interface ParentChannel {
  readonly kind: 'utility' | 'fork';
  send(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
}

function isParentPort(v: unknown): v is ElectronParentPort {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as { postMessage?: unknown; on?: unknown };
  return typeof p.postMessage === 'function' && typeof p.on === 'function';
}

export function connectToParent(proc: NodeJS.Process = process): ParentChannel | null {
  const port = (proc as unknown as { parentPort?: unknown }).parentPort;
  if (isParentPort(port)) {
    return {
      kind: 'utility',
      send: (msg) => port.postMessage(msg),
      onMessage: (cb) => port.on('message', (e) => cb(e.data)),
    };
  }
  const send = proc.send?.bind(proc);
  if (send) {
    // Without a host there is nothing to compute for; leave instead of lingering as an orphan.
    proc.on('disconnect', () => proc.exit(0));
    return {
      kind: 'fork',
      send: (msg) => {
        if (proc.connected) send(msg);
      },
      onMessage: (cb) => proc.on('message', (msg) => cb(msg)),
    };
  }
  return null;
}
