import { type DType, type FloatDType, type HostArray, isFloat, toTypedArray } from './dtype';
import { type Dim, type Shape, ShapeError, fmtShape, isStatic, numel } from './shape';

/** A constant tensor value stored on the host (becomes an ONNX initializer or attribute). */
export interface ConstValue {
  dtype: DType;
  dims: number[];
  data: HostArray;
}

export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: ConstValue };

export const attr = {
  int: (value: number): Attr => ({ kind: 'int', value }),
  float: (value: number): Attr => ({ kind: 'float', value }),
  ints: (value: readonly number[]): Attr => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): Attr => ({ kind: 'floats', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
  tensor: (value: ConstValue): Attr => ({ kind: 'tensor', value }),
};

/** How a parameter is initialised by `initParams` when no stored value exists. */
export type ParamInit =
  | 'zeros'
  | 'ones'
  | { normal: number } // std
  | { uniform: number } // U(-a, a)
  | { values: ArrayLike<number> };

export interface ParamInfo {
  name: string;
  shape: readonly number[];
  init: ParamInit;
  /** false: fed like a parameter but never differentiated or updated (e.g. frozen reference weights). */
  trainable: boolean;
}

export type TensorSource =
  | { kind: 'input'; name: string }
  | { kind: 'param'; info: ParamInfo }
  | { kind: 'const'; value: ConstValue }
  | { kind: 'node'; node: Node; index: number };

export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly dtype: DType,
    readonly shape: Shape,
    readonly source: TensorSource,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  /** The name this tensor has in emitted ONNX (inputs and params keep their declared names). */
  get name(): string {
    if (this.source.kind === 'input') return this.source.name;
    if (this.source.kind === 'param') return this.source.info.name;
    return `t${this.id}`;
  }

  toString(): string {
    return `Tensor(${this.name}: ${this.dtype}${fmtShape(this.shape)})`;
  }
}

export interface Node {
  readonly id: number;
  readonly op: string;
  readonly domain: string;
  readonly inputs: readonly (Tensor | null)[];
  readonly outputs: Tensor[];
  readonly attrs: Readonly<Record<string, Attr>>;
  /** Identity-like nodes that block gradients (stopGradient). */
  readonly noGrad: boolean;
  /**
   * Custom gradient (see `customGradient`): the node's gradient flows to `inputs` (not to its ONNX inputs)
   * through `vjp`, so a composite can have a cheaper hand-written backward pass.
   */
  readonly custom?: CustomGrad;
  /** ONNX outputs that may be left unnamed when nothing uses them (e.g. LayerNormalization's Mean). */
  readonly optionalOutputs: readonly number[];
}

export interface CustomGrad {
  inputs: readonly Tensor[];
  vjp: (dy: Tensor, y: Tensor) => (Tensor | null)[];
}

export interface OutputSpec {
  dtype: DType;
  shape: Shape;
}

export interface NodeOptions {
  domain?: string;
  noGrad?: boolean;
  custom?: CustomGrad;
  optionalOutputs?: number[];
}

export interface GraphOptions {
  /** Float type of parameters, default inputs and number literals: float32 normally, float64 for grad checks. */
  dtype?: FloatDType;
}

/**
 * A model under construction. Tensors remember their graph, so ops are free functions of tensors.
 * The graph is append-only; nodes are in topological order by construction.
 */
export class Graph {
  readonly floatType: FloatDType;
  readonly nodes: Node[] = [];
  readonly inputs = new Map<string, Tensor>();
  readonly params = new Map<string, Tensor>();
  private nextId = 0;
  private readonly symbolSources = new Map<string, { tensor: Tensor; axis: number }>();
  private readonly scalarCache = new Map<string, Tensor>();
  private readonly dimCache = new Map<string, Tensor>();

  constructor(opts: GraphOptions = {}) {
    this.floatType = opts.dtype ?? 'float32';
  }

  private newTensor(dtype: DType, shape: Shape, source: TensorSource): Tensor {
    return new Tensor(this, this.nextId++, dtype, Object.freeze([...shape]), source);
  }

  private checkName(name: string): void {
    if (this.inputs.has(name) || this.params.has(name)) throw new Error(`graph: name "${name}" already declared`);
    if (/^t\d+$/.test(name)) throw new Error(`graph: name "${name}" is reserved for intermediate tensors`);
  }

  /** Declares a graph input (data, labels, masks, lr…). Symbolic dims (strings) are bound at run time. */
  input(name: string, shape: Shape, dtype: DType = this.floatType): Tensor {
    this.checkName(name);
    const t = this.newTensor(dtype, shape, { kind: 'input', name });
    this.inputs.set(name, t);
    shape.forEach((d, axis) => {
      if (typeof d === 'string' && !d.includes('*') && !this.symbolSources.has(d)) {
        this.symbolSources.set(d, { tensor: t, axis });
      }
    });
    return t;
  }

  /** Declares a parameter: a float graph input whose value lives in a host ParamStore between runs. */
  param(
    name: string,
    shape: readonly number[],
    opts: { init?: ParamInit; trainable?: boolean } = {},
  ): Tensor {
    this.checkName(name);
    if (!isStatic(shape)) throw new ShapeError(`param "${name}": parameter shapes must be static`);
    const info: ParamInfo = {
      name,
      shape: [...shape],
      init: opts.init ?? 'zeros',
      trainable: opts.trainable ?? true,
    };
    const t = this.newTensor(this.floatType, shape, { kind: 'param', info });
    this.params.set(name, t);
    return t;
  }

  /** A constant tensor (ONNX initializer). `dtype` defaults to the graph's float type. */
  constant(values: ArrayLike<number> | HostArray, shape: readonly number[], dtype: DType = this.floatType): Tensor {
    const data = toTypedArray(dtype, values);
    if (data.length !== numel(shape)) {
      throw new ShapeError(`constant: ${data.length} values do not fill shape ${fmtShape(shape)}`);
    }
    return this.newTensor(dtype, shape, { kind: 'const', value: { dtype, dims: [...shape], data } });
  }

  /** A rank-0 constant, cached per (dtype, value). */
  scalar(value: number, dtype: DType = this.floatType): Tensor {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : String(value)}`;
    let t = this.scalarCache.get(key);
    if (!t) {
      t = this.constant([value], [], dtype);
      this.scalarCache.set(key, t);
    }
    return t;
  }

  /** Appends a node; returns its output tensors. Ops call this; models normally don't. */
  addNode(
    op: string,
    inputs: readonly (Tensor | null)[],
    outputs: readonly OutputSpec[],
    attrs: Record<string, Attr> = {},
    opts: NodeOptions = {},
  ): Tensor[] {
    for (const t of inputs) {
      if (t && t.graph !== this) throw new Error(`${op}: tensor ${t.name} belongs to another graph`);
    }
    const node: Node = {
      id: this.nodes.length,
      op,
      domain: opts.domain ?? '',
      inputs: [...inputs],
      outputs: [],
      attrs,
      noGrad: opts.noGrad ?? false,
      ...(opts.custom ? { custom: opts.custom } : {}),
      optionalOutputs: opts.optionalOutputs ?? [],
    };
    outputs.forEach((spec, index) => {
      node.outputs.push(this.newTensor(spec.dtype, spec.shape, { kind: 'node', node, index }));
    });
    this.nodes.push(node);
    return node.outputs;
  }

  /** Single-output convenience for addNode. */
  op1(op: string, inputs: readonly (Tensor | null)[], out: OutputSpec, attrs: Record<string, Attr> = {}, opts: NodeOptions = {}): Tensor {
    return this.addNode(op, inputs, [out], attrs, opts)[0]!;
  }

  /** int64 tensor of shape [1] holding a dim's run-time value (symbols read from the input that declared them). */
  dim(d: Dim): Tensor {
    if (typeof d === 'number') return this.constant([d], [1], 'int64');
    const cached = this.dimCache.get(d);
    if (cached) return cached;
    let t: Tensor;
    const factors = d.split('*');
    if (factors.length > 1) {
      t = factors.map((f) => (/^\d+$/.test(f) ? this.constant([Number(f)], [1], 'int64') : this.dim(f)))
        .reduce((a, b) => this.op1('Mul', [a, b], { dtype: 'int64', shape: [1] }));
    } else {
      const src = this.symbolSources.get(d);
      if (!src) throw new ShapeError(`symbolic dim "${d}" is not declared by any input`);
      t = this.op1('Shape', [src.tensor], { dtype: 'int64', shape: [1] }, { start: attr.int(src.axis), end: attr.int(src.axis + 1) });
    }
    this.dimCache.set(d, t);
    return t;
  }

  /** int64 1-D tensor holding a whole shape (constant when static). */
  shapeTensor(shape: Shape): Tensor {
    if (isStatic(shape)) return this.constant(shape, [shape.length], 'int64');
    const parts = shape.map((d) => this.dim(d));
    if (parts.length === 1) return parts[0]!;
    return this.op1('Concat', parts, { dtype: 'int64', shape: [shape.length] }, { axis: attr.int(0) });
  }

  /** Whether `dim()` can produce this dim's run-time value (numbers, declared symbols and their products). */
  canResolve(d: Dim): boolean {
    if (typeof d === 'number') return true;
    return d.split('*').every((f) => /^\d+$/.test(f) || this.symbolSources.has(f));
  }

  /** int64 1-D shape of `t`: a constant when static, from declared symbols when possible, else Shape(t). */
  shapeTensorOf(t: Tensor): Tensor {
    if (t.shape.every((d) => this.canResolve(d))) return this.shapeTensor(t.shape);
    return this.op1('Shape', [t], { dtype: 'int64', shape: [t.rank] });
  }

  /** int64 [1] run-time size of `t` along `axis` (from declared symbols when possible, else Shape(t)). */
  dimOf(t: Tensor, axis: number): Tensor {
    const a = axis < 0 ? axis + t.rank : axis;
    const d = t.shape[a]!;
    if (this.canResolve(d)) return this.dim(d);
    return this.op1('Shape', [t], { dtype: 'int64', shape: [1] }, { start: attr.int(a), end: attr.int(a + 1) });
  }

  /** Trainable parameters in declaration order. */
  trainableParams(): Tensor[] {
    return [...this.params.values()].filter((t) => t.source.kind === 'param' && t.source.info.trainable);
  }
}

export function paramInfo(t: Tensor): ParamInfo {
  if (t.source.kind !== 'param') throw new Error(`${t.name} is not a parameter`);
  return t.source.info;
}

export function constValue(t: Tensor): ConstValue | undefined {
  return t.source.kind === 'const' ? t.source.value : undefined;
}

/** Reads a scalar constant's value, if `t` is one. */
export function scalarValue(t: Tensor): number | undefined {
  const v = constValue(t);
  if (!v || v.data.length !== 1) return undefined;
  return Number(v.data[0]);
}

export function requireFloat(t: Tensor, what: string): void {
  if (!isFloat(t.dtype)) throw new Error(`${what}: expects a float tensor, got ${t}`);
}
