/**
 * TensorFlow.js graph model → ONNX model bytes. Inputs and outputs keep the TF model's NHWC layout and its
 * signature names; inside, convolution chains run in NCHW (see lowering.ts). Unknown dims of the inputs (the
 * batch, -1 in the signature) stay symbolic, so the ONNX model takes any batch size the TF model took.
 */
import { attr, emitModel, type Dim, type Tensor } from '../../../src/main/compute/graph';
import { Lowering, type Value } from './lowering';
import { OP_MAPPERS, tfDTypeOf } from './ops';
import type { TfjsModel, TfNode } from './tfjs-model';

export interface ConvertOptions {
  /** Graph name written into the ModelProto. */
  name?: string;
  /** Symbol for an input's unknown leading dim (default "batch"). */
  batchSymbol?: string;
  /**
   * TF node names to expose as extra outputs (named as the node), for layer-by-layer comparison with
   * TensorFlow.js when an output disagrees.
   */
  extraOutputs?: readonly string[];
}

export interface ConvertedIo {
  /** Name in the ONNX model (the signature key). */
  name: string;
  /** The TF tensor it corresponds to ("Identity:0"). */
  tfName: string;
  shape: Dim[];
  dtype: string;
}

export interface ConvertedModel {
  bytes: Uint8Array;
  inputs: ConvertedIo[];
  outputs: ConvertedIo[];
  /** ONNX node count by op type (after leaving out nodes no output needs). */
  onnxOps: Record<string, number>;
  /** TF node count by op type among the nodes the outputs depend on. */
  tfOps: Record<string, number>;
}

/** Nodes the given outputs depend on, producers before consumers (iterative: graphs are hundreds deep). */
function topologicalOrder(model: TfjsModel, roots: readonly string[]): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of roots) {
    const stack: [string, boolean][] = [[root, false]];
    while (stack.length) {
      const [name, expanded] = stack.pop()!;
      if (expanded) {
        state.set(name, 'done');
        order.push(model.nodes.get(name)!);
        continue;
      }
      const s = state.get(name);
      if (s === 'done') continue;
      if (s === 'visiting') throw new Error(`the graph has a cycle through ${name} (control flow is not supported)`);
      const node = model.nodes.get(name);
      if (!node) throw new Error(`node ${name} is referenced but not defined in model.json`);
      state.set(name, 'visiting');
      stack.push([name, true]);
      for (const [src] of [...node.inputs].reverse()) if (state.get(src) !== 'done') stack.push([src, false]);
    }
  }
  return order;
}

export function convertTfjsModel(model: TfjsModel, opts: ConvertOptions = {}): ConvertedModel {
  const cx = new Lowering();
  const values = new Map<string, Value>();
  const inputKeyOf = new Map([...model.inputs].map(([key, node]) => [node, key]));
  const wanted = new Map(model.outputs);
  for (const name of opts.extraOutputs ?? []) {
    if (!model.nodes.has(name)) throw new Error(`extra output ${name} is not a node of the model`);
    wanted.set(name, [name, 0]);
  }
  const order = topologicalOrder(model, [...wanted.values()].map(([name]) => name));
  const tfOps: Record<string, number> = {};
  const inputs: ConvertedIo[] = [];

  for (const node of order) {
    tfOps[node.op] = (tfOps[node.op] ?? 0) + 1;
    for (const [src, index] of node.inputs) {
      if (index !== 0) throw new Error(`${node.op} ${node.name}: reads output ${index} of ${src}; only single-output ops are supported`);
    }
    let value: Value;
    if (node.op === 'Placeholder') {
      const key = inputKeyOf.get(node.name) ?? node.name;
      const raw = node.attrs.shape('shape');
      if (!raw) throw new Error(`input ${node.name} has unknown rank; the converter needs its rank`);
      const shape = raw.map((d, i) => (d >= 0 ? d : i === 0 ? (opts.batchSymbol ?? 'batch') : `${key}_dim${i}`));
      const dtype = tfDTypeOf(node.attrs.type('dtype'));
      const input = cx.g.input(key, shape, dtype);
      // int32 inputs are fed as int32 but carried as int64 inside, like every int32 tensor (see onnxDType).
      const carried = dtype === 'int32' ? cx.g.op1('Cast', [input], { dtype: 'int64', shape }, { to: attr.int(7) }) : input;
      value = cx.fromTf(carried, dtype, shape);
      inputs.push({ name: key, tfName: `${node.name}:0`, shape, dtype });
    } else if (node.op === 'Const') {
      const w = model.weights.get(node.name);
      if (!w) throw new Error(`Const ${node.name} has no entry in the weights manifest`);
      value = cx.fromHost(w);
    } else {
      const mapper = OP_MAPPERS[node.op];
      if (!mapper) {
        throw new Error(`op ${node.op} (node ${node.name}) is not supported; supported: Placeholder, Const, ${Object.keys(OP_MAPPERS).sort().join(', ')}`);
      }
      value = mapper(cx, node, node.inputs.map(([src]) => values.get(src)!));
    }
    values.set(node.name, value);
  }

  const outputs: Record<string, Tensor> = {};
  const outputIo: ConvertedIo[] = [];
  for (const [key, [name]] of wanted) {
    const v = values.get(name)!;
    if (v.dtype === 'int32') throw new Error(`output ${key} is int32, which this converter turns into int64 inside the graph; not supported as an output`);
    outputs[key] = cx.tf(v);
    outputIo.push({ name: key, tfName: `${name}:0`, shape: [...v.shape], dtype: v.dtype });
  }
  const emitted = emitModel(cx.g, outputs, { name: opts.name ?? 'tfjs-graph' });
  return { bytes: emitted.bytes, inputs, outputs: outputIo, onnxOps: countOnnxOps(outputs), tfOps };
}

/** ONNX op counts of the emitted model (the nodes reachable from the outputs, as emitModel keeps them). */
function countOnnxOps(outputs: Record<string, Tensor>): Record<string, number> {
  const seen = new Set<number>();
  const counts: Record<string, number> = {};
  const stack = Object.values(outputs);
  while (stack.length) {
    const t = stack.pop()!;
    if (t.source.kind !== 'node') continue;
    const n = t.source.node;
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    counts[n.op] = (counts[n.op] ?? 0) + 1;
    for (const i of n.inputs) if (i) stack.push(i);
  }
  return counts;
}
