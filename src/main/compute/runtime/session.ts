import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { availableProviders, ortVersion, PROVIDER_ORDER, type ProviderName } from './providers';
import { resolveSettings, type ResolvedSettings, type RuntimeSettings } from './settings';
import { RuntimeError, validateTensor, type DType, type HostTensor, type TensorArray } from './tensor';

export interface RuntimeSession {
  readonly key: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly providers: ProviderName[];
  run(feeds: Record<string, HostTensor>, fetches?: readonly string[]): Promise<Record<string, HostTensor>>;
  /**
   * Stops ORT's profiler (sessions created with `profilePrefix`) and returns the trace file it wrote, or null
   * when profiling was off.
   */
  endProfiling(): string | null;
  release(): Promise<void>;
}

export interface ProviderFallback {
  provider: ProviderName;
  error: string;
}

export interface RuntimeReport {
  ort: string;
  available: ProviderName[];
  active: ProviderName[];
  intraOpThreads: number;
  interOpThreads: number;
  fallbacks: ProviderFallback[];
}

interface InputSpec {
  type: DType | null;
  shape: ReadonlyArray<number | string> | null;
}

const ORT_TO_DTYPE: Record<string, DType> = {
  float32: 'float32',
  float64: 'float64',
  int64: 'int64',
  int32: 'int32',
  bool: 'bool',
};

const sessions = new Map<string, Promise<SessionImpl>>();
const live = new Set<SessionImpl>();
const fallbacks: ProviderFallback[] = [];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function toOrt(name: string, t: HostTensor, spec: InputSpec | undefined): ort.Tensor {
  validateTensor(t, `input "${name}"`);
  if (spec?.type && spec.type !== t.type) {
    throw new RuntimeError('bad_input', `input "${name}": model expects ${spec.type}, got ${t.type}`);
  }
  if (spec?.shape && spec.shape.length > 0) {
    if (spec.shape.length !== t.dims.length) {
      throw new RuntimeError(
        'bad_input',
        `input "${name}": model expects rank ${spec.shape.length} [${spec.shape.join(', ')}], got [${t.dims.join(', ')}]`,
      );
    }
    spec.shape.forEach((d, i) => {
      if (typeof d === 'number' && d >= 0 && d !== t.dims[i]) {
        throw new RuntimeError(
          'bad_input',
          `input "${name}": dim ${i} must be ${d} (model shape [${spec.shape!.join(', ')}]), got [${t.dims.join(', ')}]`,
        );
      }
    });
  }
  return new ort.Tensor(t.type, t.data, t.dims as number[]);
}

function fromOrt(name: string, v: ort.OnnxValue): HostTensor {
  const t = v as ort.Tensor;
  const type = ORT_TO_DTYPE[t.type];
  if (!type) throw new RuntimeError('run_failed', `output "${name}" has unsupported type ${t.type}`);
  return { type, data: t.data as TensorArray, dims: [...t.dims] };
}

class SessionImpl implements RuntimeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  private readonly specs = new Map<string, InputSpec>();
  private released = false;

  constructor(
    readonly key: string,
    private readonly session: ort.InferenceSession,
    readonly providers: ProviderName[],
    private profilePrefix: string | null = null,
    private readonly profileFilesBefore: ReadonlySet<string> = new Set(),
  ) {
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
    const meta = (session as { inputMetadata?: readonly ort.InferenceSession.ValueMetadata[] }).inputMetadata ?? [];
    for (const m of meta) {
      if (m.isTensor) this.specs.set(m.name, { type: ORT_TO_DTYPE[m.type] ?? null, shape: m.shape });
    }
  }

  async run(feeds: Record<string, HostTensor>, fetches?: readonly string[]): Promise<Record<string, HostTensor>> {
    if (this.released) throw new RuntimeError('released', `session ${this.key.slice(0, 12)} was released`);
    const missing = this.inputNames.filter((n) => !(n in feeds));
    if (missing.length) {
      throw new RuntimeError('bad_input', `missing inputs: ${missing.join(', ')}`, { missing });
    }
    const known = new Set(this.inputNames);
    const extra = Object.keys(feeds).filter((n) => !known.has(n));
    if (extra.length) throw new RuntimeError('bad_input', `unknown inputs: ${extra.join(', ')}`, { extra });
    const outs = fetches ?? this.outputNames;
    const knownOut = new Set(this.outputNames);
    const badOut = outs.filter((n) => !knownOut.has(n));
    if (badOut.length) throw new RuntimeError('bad_input', `unknown outputs: ${badOut.join(', ')}`, { badOut });

    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.inputNames) ortFeeds[name] = toOrt(name, feeds[name]!, this.specs.get(name));
    let result: ort.InferenceSession.ReturnType;
    try {
      // Failures are rethrown with ORT's message; its own console log would only duplicate them.
      result = await this.session.run(ortFeeds, outs as string[], { logSeverityLevel: 4 });
    } catch (e) {
      throw new RuntimeError('run_failed', `run failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const out: Record<string, HostTensor> = {};
    for (const name of outs) out[name] = fromOrt(name, result[name]!);
    return out;
  }

  endProfiling(): string | null {
    if (this.profilePrefix === null || this.released) return null;
    this.session.endProfiling();
    // onnxruntime-node does not return the file name. ORT opens <prefix>_<date>.json when the session is
    // created, so the newest such file that was not there before creation is this session's.
    const prefix = this.profilePrefix;
    this.profilePrefix = null;
    const mine = profileFiles(prefix).filter((f) => !this.profileFilesBefore.has(f));
    return mine[mine.length - 1] ?? null;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    live.delete(this);
    const cachedEntry = sessions.get(this.key);
    if (cachedEntry) {
      const current = await cachedEntry.catch(() => null);
      if (current === this) sessions.delete(this.key);
    }
    await this.session.release();
  }
}

function profileFiles(prefix: string): string[] {
  const dir = path.dirname(prefix);
  const base = path.basename(prefix);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${base}_`) && f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

function sessionOptions(provider: ProviderName, s: ResolvedSettings): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
    intraOpNumThreads: s.intraOpThreads,
    interOpNumThreads: s.interOpThreads,
    graphOptimizationLevel: s.graphOptimization,
    executionMode: 'sequential',
    // Explicit (ORT's defaults): the arena and memory patterns let repeated runs of one shape reuse buffers.
    enableCpuMemArena: true,
    enableMemPattern: true,
    logSeverityLevel: 3,
    ...(s.profilePrefix !== null ? { enableProfiling: true, profileFilePrefix: s.profilePrefix } : {}),
    extra: { session: { intra_op: { allow_spinning: s.allowSpinning ? '1' : '0' } } },
  };
}

async function create(model: Uint8Array, key: string, s: ResolvedSettings): Promise<SessionImpl> {
  const available = new Set(availableProviders());
  const wanted = PROVIDER_ORDER.filter((p) => s.providers.includes(p) && available.has(p));
  if (wanted.length === 0) wanted.push('cpu');
  const errors: string[] = [];
  for (const p of wanted) {
    try {
      const before = new Set(s.profilePrefix !== null ? profileFiles(s.profilePrefix) : []);
      const session = await ort.InferenceSession.create(model, sessionOptions(p, s));
      const impl = new SessionImpl(key, session, p === 'cpu' ? ['cpu'] : [p, 'cpu'], s.profilePrefix, before);
      live.add(impl);
      return impl;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      errors.push(`${p}: ${msg}`);
      fallbacks.push({ provider: p, error: msg });
    }
  }
  throw new RuntimeError('load_failed', `could not load model: ${errors.join('; ')}`, { errors });
}

/**
 * Loads (or reuses) a session for model bytes. The cache key defaults to the bytes' sha256, so rebuilding the
 * same graph reuses the compiled session.
 */
export function loadSession(
  model: Uint8Array,
  opts?: { key?: string; settings?: RuntimeSettings },
): Promise<RuntimeSession> {
  // A profiled session must not be shared with (or stand in for) an unprofiled one of the same model.
  const prefix = opts?.settings?.profilePrefix;
  const key = opts?.key ?? (prefix !== undefined ? `${sha256(model)}#profile:${prefix}` : sha256(model));
  const existing = sessions.get(key);
  if (existing) return existing;
  const pending = create(model, key, resolveSettings(opts?.settings));
  sessions.set(key, pending);
  pending.catch(() => sessions.delete(key));
  return pending;
}

export function cachedSessionCount(): number {
  return sessions.size;
}

/** Test hook: forget recorded provider fallbacks. */
export function clearFallbacks(): void {
  fallbacks.length = 0;
}

export function runtimeReport(): RuntimeReport {
  // Threads are the current process defaults; `active` is the union over loaded sessions.
  const s = resolveSettings();
  const active = new Set<ProviderName>();
  for (const impl of live) for (const name of impl.providers) active.add(name);
  return {
    ort: ortVersion(),
    available: availableProviders(),
    active: PROVIDER_ORDER.filter((p) => active.has(p)),
    intraOpThreads: s.intraOpThreads,
    interOpThreads: s.interOpThreads,
    fallbacks: fallbacks.map((f) => ({ ...f })),
  };
}

export async function releaseAll(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  const settled = await Promise.allSettled(all);
  for (const r of settled) if (r.status === 'fulfilled') await r.value.release();
}
