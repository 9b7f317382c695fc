/** Turns a model graph into runnable programs: an inference graph and a one-graph training step. */
import { type HostTensor, type RuntimeSession, type RuntimeSettings, loadSession } from '../runtime';
import { grad } from './autodiff';
import type { FloatDType } from './dtype';
import { type Graph, type Tensor, paramInfo } from './graph';
import { type OptimizerConfig, applyUpdate, clipScale, globalNorm, optimizerSlots } from './optim';
import { mul } from './ops/elementwise';
import { concat, reshape } from './ops/shape';
import { type FloatArray, ParamStore } from './params';
import { type EmittedModel, type PackedParams, emitModel } from './serialize';
import { unrollSteps, stepName } from './multistep';
import { fmtShape, numel } from './shape';

/** Reserved graph-input names of a train step. */
export const LR_INPUT = '__lr';
export const STEP_INPUT = '__step';
export const GRAD_NORM_OUTPUT = 'grad_norm';
export const LOSS_OUTPUT = 'loss';
export const slotName = (param: string, slot: string): string => `${param}::${slot}`;
export const updatedName = (name: string): string => `${name}::new`;

export interface RuntimeOptions {
  settings?: RuntimeSettings;
}

function splitInputs(model: EmittedModel): { inputs: string[]; params: string[] } {
  const inputs: string[] = [];
  const params: string[] = [];
  for (const t of model.inputs) (t.source.kind === 'param' ? params : inputs).push(t.name);
  return { inputs, params };
}

function paramFeeds(store: ParamStore, names: readonly string[], feeds: Record<string, HostTensor>): void {
  for (const n of names) feeds[n] = store.tensor(n);
}

// ------------------------------------------------------------------ inference

export interface InferenceSpec {
  model: EmittedModel;
  /** Data inputs the caller feeds (params come from the store). */
  inputNames: string[];
  paramNames: string[];
  outputNames: string[];
}

/** Emits the inference graph computing `outputs` (no session). */
export function emitInference(graph: Graph, outputs: Record<string, Tensor>, name = 'inference'): InferenceSpec {
  const model = emitModel(graph, outputs, { name });
  const { inputs, params } = splitInputs(model);
  return { model, inputNames: inputs, paramNames: params, outputNames: model.outputNames };
}

export class InferenceProgram {
  constructor(
    readonly spec: InferenceSpec,
    readonly session: RuntimeSession,
  ) {}

  get inputNames(): string[] {
    return this.spec.inputNames;
  }
  get outputNames(): string[] {
    return this.spec.outputNames;
  }

  /** Runs with data `inputs` and the current values in `params`; `fetch` limits the outputs computed. */
  run(inputs: Record<string, HostTensor>, params: ParamStore, fetch?: readonly string[]): Promise<Record<string, HostTensor>> {
    const feeds: Record<string, HostTensor> = {};
    for (const n of this.spec.inputNames) {
      const t = inputs[n];
      if (!t) throw new Error(`inference: missing input "${n}"`);
      feeds[n] = t;
    }
    paramFeeds(params, this.spec.paramNames, feeds);
    return this.session.run(feeds, fetch);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

export async function compileInference(
  graph: Graph,
  outputs: Record<string, Tensor>,
  opts: RuntimeOptions & { name?: string } = {},
): Promise<InferenceProgram> {
  const spec = emitInference(graph, outputs, opts.name);
  const session = await loadSession(spec.model.bytes, opts.settings ? { settings: opts.settings } : undefined);
  return new InferenceProgram(spec, session);
}

// ------------------------------------------------------------------ training step

export interface TrainStepOptions {
  /** Scalar loss to minimise. */
  loss: Tensor;
  /** Extra outputs computed in the same run (accuracy, KL, …); names must not clash with reserved ones. */
  metrics?: Record<string, Tensor>;
  optimizer: OptimizerConfig;
  /** Parameters to train (default: every trainable param the loss depends on or not — all of graph.trainableParams()). */
  params?: readonly Tensor[];
  /** Clip gradients to this global L2 norm (the pre-clip norm is output as `grad_norm` either way). */
  clipNorm?: number;
  /** Whether weight decay applies to a parameter (default: rank ≥ 2, i.e. not biases or norm gains). */
  decay?: (name: string, shape: readonly number[]) => boolean;
  /**
   * Feed trained params and optimizer slots as one flat buffer per weight-decay group instead of one input
   * each: the update then runs as a dozen kernels over all parameters instead of a dozen per parameter,
   * and the store/state hold views into the returned buffers. Same arithmetic per element; only the
   * global norm's summation order differs.
   */
  flat?: boolean;
  /**
   * With `flat`, only params of at most this many values are packed (default: all). Packing costs one copy
   * of each member per step (unpacking the params, concatenating the gradients), which pays off for the
   * many small biases and norm gains but not always for big weight matrices that are few kernels anyway.
   */
  flatMaxSize?: number;
  name?: string;
}

/** One flat buffer of trained params (and its slot buffers): members in order, with offsets. */
export interface PackSpec {
  input: string;
  members: { name: string; offset: number; length: number; shape: readonly number[] }[];
  total: number;
}

export interface TrainStepSpec {
  model: EmittedModel;
  /** Batch inputs the caller feeds each step. */
  inputNames: string[];
  /** All params fed (trained and frozen). */
  paramNames: string[];
  /** Params updated by the step, in order. */
  trainedNames: string[];
  slots: string[];
  metricNames: string[];
  dtype: FloatDType;
  /** Flat layout (`flat: true`): the packed groups; empty for one input per param. */
  packs: PackSpec[];
}

const FLAT_PREFIX = '__flat';

/**
 * Builds forward + loss + backward + clipping + optimizer update as ONE graph. Inputs: batch, params,
 * optimizer slots (`<param>::m`, `<param>::v`), `__lr`, `__step` (1-based). Outputs: `loss`, `grad_norm`,
 * metrics, `<param>::new`, `<param>::<slot>::new`.
 */
export function emitTrainStep(graph: Graph, o: TrainStepOptions): TrainStepSpec {
  if (o.loss.rank !== 0) throw new Error(`train step: loss must be a scalar, got ${fmtShape(o.loss.shape)}`);
  const params = [...(o.params ?? graph.trainableParams())];
  if (params.length === 0) throw new Error('train step: no parameters to train');
  for (const p of params) paramInfo(p);
  const dtype = graph.floatType;
  const lr = graph.inputs.get(LR_INPUT) ?? graph.input(LR_INPUT, [], dtype);
  const step = graph.inputs.get(STEP_INPUT) ?? graph.input(STEP_INPUT, [], dtype);
  const slots = optimizerSlots(o.optimizer);

  const grads = grad(o.loss, params);
  const decay = o.decay ?? ((_n: string, shape: readonly number[]) => shape.length >= 2);
  const outputs: Record<string, Tensor> = { [LOSS_OUTPUT]: o.loss };
  for (const k of Object.keys(o.metrics ?? {})) {
    if (k === LOSS_OUTPUT || k === GRAD_NORM_OUTPUT || k.endsWith('::new')) throw new Error(`train step: metric name "${k}" is reserved`);
  }
  const keep: Tensor[] = [lr, step];

  // Update units: one per param, or one per decay group of flattened params.
  interface Unit {
    param: Tensor;
    grad: Tensor;
    name: string;
    shape: readonly number[];
    decay: boolean;
  }
  const units: Unit[] = [];
  const packed: PackedParams[] = [];
  const packs: PackSpec[] = [];
  const maxPacked = o.flatMaxSize ?? Infinity;
  const isPacked = (i: number): boolean => o.flat === true && numel(paramInfo(params[i]!).shape) <= maxPacked;
  if (o.flat) {
    for (const group of [true, false]) {
      const idx = params
        .map((_, i) => i)
        .filter((i) => isPacked(i) && decay(paramInfo(params[i]!).name, paramInfo(params[i]!).shape) === group);
      if (idx.length === 0) continue;
      const name = `${FLAT_PREFIX}.${group ? 'decay' : 'nodecay'}`;
      const members: PackSpec['members'] = [];
      let offset = 0;
      for (const i of idx) {
        const info = paramInfo(params[i]!);
        const length = info.shape.reduce((a, d) => a * d, 1);
        members.push({ name: info.name, offset, length, shape: info.shape });
        offset += length;
      }
      const flatParam = graph.inputs.get(name) ?? graph.input(name, [offset], dtype);
      const flatGrad = concat(idx.map((i) => reshape(grads[i]!, [-1])), 0);
      packed.push({ flat: flatParam, members: idx.map((i) => params[i]!) });
      packs.push({ input: name, members, total: offset });
      units.push({ param: flatParam, grad: flatGrad, name, shape: [offset], decay: group });
    }
  }
  params.forEach((p, i) => {
    if (isPacked(i)) return;
    const info = paramInfo(p);
    units.push({ param: p, grad: grads[i]!, name: info.name, shape: info.shape, decay: decay(info.name, info.shape) });
  });

  // g² feeds both the global norm and Adam's second moment; the clip scale is folded into scalar factors.
  const squares = units.map((u) => mul(u.grad, u.grad));
  const norm = globalNorm(units.map((u) => u.grad), squares);
  const gradScale = o.clipNorm !== undefined ? clipScale(norm, o.clipNorm) : undefined;
  outputs[GRAD_NORM_OUTPUT] = norm;
  for (const [k, t] of Object.entries(o.metrics ?? {})) outputs[k] = t;
  units.forEach((u, i) => {
    const slotTs = slots.map((s) => graph.inputs.get(slotName(u.name, s)) ?? graph.input(slotName(u.name, s), u.shape, dtype));
    keep.push(...slotTs);
    if (u.param.source.kind !== 'param') keep.push(u.param);
    const upd = applyUpdate(o.optimizer, {
      param: u.param,
      grad: u.grad,
      slots: slotTs,
      lr,
      step,
      decay: u.decay,
      gradSq: squares[i]!,
      ...(gradScale ? { gradScale } : {}),
    });
    outputs[updatedName(u.name)] = upd.param;
    slots.forEach((s, k) => (outputs[updatedName(slotName(u.name, s))] = upd.slots[k]!));
  });
  const model = emitModel(graph, outputs, { name: o.name ?? 'train_step', keepInputs: keep, packed });
  const inputNames: string[] = [];
  const paramNames: string[] = [];
  const reserved = new Set(keep.map((t) => t.name));
  for (const t of model.inputs) {
    if (t.source.kind === 'param') paramNames.push(t.name);
    else if (!reserved.has(t.name)) inputNames.push(t.name);
  }
  return {
    model,
    inputNames,
    paramNames,
    trainedNames: params.map((p) => p.name),
    slots,
    metricNames: Object.keys(o.metrics ?? {}),
    dtype,
    packs,
  };
}

/** Per-parameter optimizer slots (zeros initially) and the step counter, kept on the host between steps. */
export class OptimizerState {
  readonly arrays = new Map<string, FloatArray>();
  /** Completed steps (the graph sees step + 1). */
  step = 0;

  constructor(readonly dtype: FloatDType = 'float32') {}

  /** Zero slots for every (param, slot) the spec needs that are not present yet. */
  ensure(spec: TrainStepSpec, store: ParamStore): this {
    for (const p of spec.trainedNames) {
      const n = store.get(p).data.length;
      for (const s of spec.slots) {
        const key = slotName(p, s);
        if (!this.arrays.has(key)) this.arrays.set(key, this.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
      }
    }
    return this;
  }
}

export interface StepResult {
  loss: number;
  gradNorm: number;
  metrics: Record<string, HostTensor>;
}

function scalarTensor(dtype: FloatDType, v: number): HostTensor {
  return { type: dtype, data: dtype === 'float64' ? Float64Array.of(v) : Float32Array.of(v), dims: [] };
}

/**
 * The flat buffer for `pack`: when every member's array is already the matching view of one buffer (the
 * previous step's output), that buffer is fed as is; otherwise (first step, or a member replaced from
 * outside, e.g. a loaded checkpoint) the members are gathered into a new buffer.
 */
function flatFeed(dtype: FloatDType, pack: PackSpec, arrayOf: (name: string) => FloatArray): HostTensor {
  const first = arrayOf(pack.members[0]!.name);
  const bpe = first.BYTES_PER_ELEMENT;
  const base = first.byteOffset - pack.members[0]!.offset * bpe;
  const aligned =
    base >= 0 &&
    first.buffer.byteLength - base >= pack.total * bpe &&
    pack.members.every((m) => {
      const a = arrayOf(m.name);
      return a.buffer === first.buffer && a.byteOffset === base + m.offset * bpe && a.length === m.length;
    });
  if (aligned) {
    const data = dtype === 'float64' ? new Float64Array(first.buffer, base, pack.total) : new Float32Array(first.buffer, base, pack.total);
    return { type: dtype, data, dims: [pack.total] };
  }
  const data = dtype === 'float64' ? new Float64Array(pack.total) : new Float32Array(pack.total);
  for (const m of pack.members) {
    const a = arrayOf(m.name);
    if (a.length !== m.length) throw new Error(`train step: ${m.name} has ${a.length} values, expected ${m.length}`);
    data.set(a, m.offset);
  }
  return { type: dtype, data, dims: [pack.total] };
}

export class TrainStepProgram {
  constructor(
    readonly spec: TrainStepSpec,
    readonly session: RuntimeSession,
    /** Optimisation steps per session.run (see `stepsPerRun`); 1 for the plain step graph. */
    readonly stepsPerRun = 1,
  ) {}

  /**
   * One optimisation step (one session.run). Updates `store` and `state` in place by adopting the arrays ORT
   * returns, so nothing is copied on the host side. Programs compiled with `stepsPerRun` > 1 use `runSteps`.
   */
  async run(batch: Record<string, HostTensor>, store: ParamStore, state: OptimizerState, lr: number): Promise<StepResult> {
    if (this.stepsPerRun !== 1) throw new Error(`train step: this program runs ${this.stepsPerRun} steps per call; use runSteps`);
    return (await this.runSteps([batch], store, state, [lr]))[0]!;
  }

  /**
   * `stepsPerRun` consecutive optimisation steps in one session.run: step i trains on `batches[i]` with
   * learning rate `lrs[i]`; the result is what the same number of `run` calls would give.
   */
  async runSteps(batches: readonly Record<string, HostTensor>[], store: ParamStore, state: OptimizerState, lrs: readonly number[]): Promise<StepResult[]> {
    const { spec } = this;
    const k = this.stepsPerRun;
    if (batches.length !== k || lrs.length !== k) throw new Error(`train step: expected ${k} batches and learning rates, got ${batches.length} and ${lrs.length}`);
    const name = (n: string, i: number): string => (k === 1 ? n : stepName(n, i));
    state.ensure(spec, store);
    const feeds: Record<string, HostTensor> = {};
    batches.forEach((batch, i) => {
      for (const n of spec.inputNames) {
        const t = batch[n];
        if (!t) throw new Error(`train step: missing batch input "${n}"`);
        feeds[name(n, i)] = t;
      }
      feeds[name(LR_INPUT, i)] = scalarTensor(spec.dtype, lrs[i]!);
      feeds[name(STEP_INPUT, i)] = scalarTensor(spec.dtype, state.step + 1 + i);
    });
    paramFeeds(store, spec.paramNames, feeds);
    const packed = new Set<string>();
    for (const pack of spec.packs) {
      for (const m of pack.members) packed.add(m.name);
      feeds[pack.input] = flatFeed(spec.dtype, pack, (n) => store.get(n).data);
      for (const s of spec.slots) feeds[slotName(pack.input, s)] = flatFeed(spec.dtype, pack, (n) => state.arrays.get(slotName(n, s))!);
    }
    for (const p of spec.trainedNames) {
      if (packed.has(p)) continue;
      for (const s of spec.slots) {
        const key = slotName(p, s);
        const shape = store.get(p).shape;
        feeds[key] = { type: spec.dtype, data: state.arrays.get(key)!, dims: shape };
      }
    }
    const out = await this.session.run(feeds);
    for (const pack of spec.packs) {
      // Members become views into the returned buffers, so the next step can feed them back uncopied.
      const p = out[updatedName(pack.input)]!.data as FloatArray;
      for (const m of pack.members) store.set(m.name, p.subarray(m.offset, m.offset + m.length));
      for (const s of spec.slots) {
        const buf = out[updatedName(slotName(pack.input, s))]!.data as FloatArray;
        for (const m of pack.members) state.arrays.set(slotName(m.name, s), buf.subarray(m.offset, m.offset + m.length));
      }
    }
    for (const p of spec.trainedNames) {
      if (packed.has(p)) continue;
      store.set(p, out[updatedName(p)]!.data as FloatArray);
      for (const s of spec.slots) state.arrays.set(slotName(p, s), out[updatedName(slotName(p, s))]!.data as FloatArray);
    }
    state.step += k;
    return batches.map((_, i) => {
      const metrics: Record<string, HostTensor> = {};
      for (const m of spec.metricNames) metrics[m] = out[name(m, i)]!;
      return { loss: Number(out[name(LOSS_OUTPUT, i)]!.data[0]), gradNorm: Number(out[name(GRAD_NORM_OUTPUT, i)]!.data[0]), metrics };
    });
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** The (input, updated output) pairs a train step carries from one step to the next. */
function stateNames(spec: TrainStepSpec): { input: string; output: string }[] {
  const packed = new Set(spec.packs.flatMap((p) => p.members.map((m) => m.name)));
  const carried = [...spec.packs.map((p) => p.input), ...spec.trainedNames.filter((n) => !packed.has(n))];
  return carried.flatMap((n) => [n, ...spec.slots.map((s) => slotName(n, s))]).map((n) => ({ input: n, output: updatedName(n) }));
}

export async function compileTrainStep(
  graph: Graph,
  o: TrainStepOptions & RuntimeOptions & { stepsPerRun?: number },
): Promise<TrainStepProgram> {
  const spec = emitTrainStep(graph, o);
  const k = o.stepsPerRun ?? 1;
  // K > 1: the step graph repeated K times with the state wired through, so weights and moments cross the
  // Node binding (which copies every output) once per K steps instead of every step.
  const bytes =
    k === 1
      ? spec.model.bytes
      : unrollSteps(spec.model.bytes, k, {
          state: stateNames(spec),
          perStepInputs: [...spec.inputNames, LR_INPUT, STEP_INPUT],
          perStepOutputs: [LOSS_OUTPUT, GRAD_NORM_OUTPUT, ...spec.metricNames],
        });
  const session = await loadSession(bytes, o.settings ? { settings: o.settings } : undefined);
  return new TrainStepProgram(spec, session, k);
}
