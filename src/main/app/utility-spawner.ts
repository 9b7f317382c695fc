import { utilityProcess } from 'electron';
import type { ComputeChild, ComputeSpawner } from '../services/compute-host';

export interface UtilitySpawnerOptions {
  env?: Record<string, string | undefined>;
  /** The name the OS task manager shows (default: the compute process's). */
  serviceName?: string;
}

/**
 * In the desktop app the compute process is an Electron utility process: a Node process Chromium
 * supervises, so an ONNX Runtime crash or a blocking run never touches the UI. It speaks structured
 * clones like child_process.fork with serialization 'advanced', so the compute host treats both alike.
 */
export function createUtilitySpawner(entryPath: string, options: UtilitySpawnerOptions = {}): ComputeSpawner {
  return () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...options.env })) if (v !== undefined) env[k] = v;
    const child = utilityProcess.fork(entryPath, [], {
      serviceName: options.serviceName ?? 'Pose-RFT Studio compute',
      stdio: 'inherit',
      env,
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const handle: ComputeChild = {
      get pid() {
        return child.pid;
      },
      send(msg) {
        if (!exited) child.postMessage(msg);
      },
      onMessage(cb) {
        child.on('message', (msg: unknown) => cb(msg));
      },
      onExit(cb) {
        // Utility processes report only an exit code; a fatal V8 error is reported as 'error' first.
        child.on('exit', (code: number) => cb(code, null));
      },
      kill() {
        if (!exited) child.kill();
      },
    };
    return handle;
  };
}
