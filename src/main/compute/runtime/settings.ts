import os from 'node:os';
import type { ProviderName } from './providers';

export interface RuntimeSettings {
  providers?: ProviderName[];
  intraOpThreads?: number;
  interOpThreads?: number;
  graphOptimization?: 'all' | 'extended' | 'basic' | 'disabled';
  /**
   * Writes ORT's per-kernel profile (Chrome trace JSON) to files starting with this path prefix; read it back
   * with `RuntimeSession.endProfiling()`. A per-call prefix gets its own session-cache entry (other settings
   * are not part of the cache key).
   */
  profilePrefix?: string;
  /**
   * Whether idle intra-op threads busy-wait for the next kernel (ORT's default: yes). Spinning saves the
   * wake-up latency between many small kernels but burns cores other processes could use.
   */
  allowSpinning?: boolean;
}

export interface ResolvedSettings {
  providers: ProviderName[];
  intraOpThreads: number;
  interOpThreads: number;
  graphOptimization: 'all' | 'extended' | 'basic' | 'disabled';
  profilePrefix: string | null;
  allowSpinning: boolean;
}

function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

let defaults: RuntimeSettings = {};

/** Sets process-wide defaults; fields left out keep their previous value. */
export function configureRuntime(s: RuntimeSettings): void {
  for (const key of ['intraOpThreads', 'interOpThreads'] as const) {
    const v = s[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new RangeError(`configureRuntime: ${key} must be a positive integer, got ${v}`);
    }
  }
  defaults = { ...defaults, ...stripUndefined(s) };
}

function stripUndefined(s: RuntimeSettings): RuntimeSettings {
  const out: RuntimeSettings = {};
  if (s.providers !== undefined) out.providers = [...s.providers];
  if (s.intraOpThreads !== undefined) out.intraOpThreads = s.intraOpThreads;
  if (s.interOpThreads !== undefined) out.interOpThreads = s.interOpThreads;
  if (s.graphOptimization !== undefined) out.graphOptimization = s.graphOptimization;
  if (s.profilePrefix !== undefined) out.profilePrefix = s.profilePrefix;
  if (s.allowSpinning !== undefined) out.allowSpinning = s.allowSpinning;
  return out;
}

/** Merges per-call overrides over the process defaults over built-in defaults. */
export function resolveSettings(override?: RuntimeSettings): ResolvedSettings {
  const merged = { ...defaults, ...(override ? stripUndefined(override) : {}) };
  return {
    providers: merged.providers ?? ['cuda', 'dml', 'coreml', 'cpu'],
    intraOpThreads: merged.intraOpThreads ?? defaultThreads(),
    // One graph at a time runs per session; parallel branches rarely pay for another thread pool.
    interOpThreads: merged.interOpThreads ?? 1,
    graphOptimization: merged.graphOptimization ?? 'all',
    profilePrefix: merged.profilePrefix ?? null,
    allowSpinning: merged.allowSpinning ?? true,
  };
}

/** Test hook: forget configured defaults. */
export function resetRuntimeDefaults(): void {
  defaults = {};
}
