/** Host-side parameter values (typed arrays) that graphs take as inputs and train steps replace. */
import type { HostTensor } from '../runtime';
import type { FloatDType } from './dtype';
import { type Graph, type ParamInfo, type ParamInit, paramInfo } from './graph';
import { numel } from './shape';

export type FloatArray = Float32Array | Float64Array;

export interface ParamEntry {
  shape: readonly number[];
  data: FloatArray;
}

/** Deterministic PRNG (mulberry32) so initialisation is reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Fills a fresh array for `info`. Each parameter's stream depends on (seed, name), not on declaration order. */
export function initialValue(info: ParamInfo, dtype: FloatDType, seed: number): FloatArray {
  const n = numel(info.shape);
  const out = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  const init: ParamInit = info.init;
  if (init === 'zeros') return out;
  if (init === 'ones') return out.fill(1);
  if ('values' in init) {
    if (init.values.length !== n) throw new Error(`param ${info.name}: ${init.values.length} init values for ${n} elements`);
    for (let i = 0; i < n; i++) out[i] = init.values[i]!;
    return out;
  }
  const rand = mulberry32((seed ^ hashName(info.name)) >>> 0);
  if ('uniform' in init) {
    for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * init.uniform;
    return out;
  }
  for (let i = 0; i < n; i += 2) {
    // Box–Muller; (1 - u) keeps log away from 0.
    const u1 = 1 - rand();
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1)) * init.normal;
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/**
 * Named parameter arrays. Train steps swap in the arrays ORT returns (no copies); inference reads whatever
 * is current. One store can serve several graphs that declare the same parameter names and shapes.
 */
export class ParamStore {
  private readonly entries = new Map<string, ParamEntry>();

  constructor(readonly dtype: FloatDType = 'float32') {}

  /** Store with every parameter of `graph` initialised from its ParamInit and `seed`. */
  static init(graph: Graph, seed = 0): ParamStore {
    const s = new ParamStore(graph.floatType);
    s.ensure(graph, seed);
    return s;
  }

  /** Initialises parameters of `graph` that the store does not have yet; checks shapes of those it has. */
  ensure(graph: Graph, seed = 0): this {
    for (const t of graph.params.values()) {
      const info = paramInfo(t);
      const have = this.entries.get(info.name);
      if (have) {
        if (have.shape.length !== info.shape.length || have.shape.some((d, i) => d !== info.shape[i])) {
          throw new Error(`param ${info.name}: stored shape [${have.shape}] ≠ graph shape [${info.shape}]`);
        }
        continue;
      }
      this.entries.set(info.name, { shape: [...info.shape], data: initialValue(info, this.dtype, seed) });
    }
    return this;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): ParamEntry {
    const e = this.entries.get(name);
    if (!e) throw new Error(`param ${name} is not in the store`);
    return e;
  }

  /** Replaces a parameter's values (the array is kept, not copied). */
  set(name: string, data: FloatArray, shape?: readonly number[]): void {
    const s = shape ?? this.entries.get(name)?.shape;
    if (!s) throw new Error(`param ${name}: shape needed for a new entry`);
    if (numel(s) !== data.length) throw new Error(`param ${name}: ${data.length} values for shape [${s}]`);
    if ((this.dtype === 'float64') !== data instanceof Float64Array) throw new Error(`param ${name}: expected ${this.dtype} data`);
    this.entries.set(name, { shape: [...s], data });
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** HostTensor view over the stored array (no copy). */
  tensor(name: string): HostTensor {
    const e = this.get(name);
    return { type: this.dtype, data: e.data, dims: e.shape };
  }

  /** Deep copy (e.g. a frozen reference model for KL terms). */
  clone(): ParamStore {
    const c = new ParamStore(this.dtype);
    for (const [k, e] of this.entries) c.entries.set(k, { shape: [...e.shape], data: e.data.slice() });
    return c;
  }

  /** Total number of scalars. */
  size(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.data.length;
    return n;
  }
}
