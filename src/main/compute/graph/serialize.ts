import onnxProto from 'onnx-proto';
import { ONNX_ELEM_TYPE } from './dtype';
import type { Attr, ConstValue, Graph, Node, Tensor } from './graph';

const { onnx } = onnxProto;

/** Opset of the default ONNX domain we emit (ORT 1.30 implements it; LayerNormalization needs ≥ 17). */
export const OPSET = 18;
/** IR version matching opset 18 (ONNX 1.13). */
const IR_VERSION = 8;

export interface EmitOptions {
  /** Graph name in the ModelProto. */
  name?: string;
  /** Inputs to declare even if no output depends on them (keeps a stable feed set). */
  keepInputs?: readonly Tensor[];
  /**
   * Params fed as one flat input instead of one input each: every member is cut out of `flat` (a 1-D
   * graph input whose length is the members' total size, in this order) by one Split and a Reshape per member.
   */
  packed?: readonly PackedParams[];
}

export interface PackedParams {
  flat: Tensor;
  members: readonly Tensor[];
}

export interface EmittedModel {
  bytes: Uint8Array;
  /** Graph inputs in order (inputs and params that the outputs depend on, plus keepInputs). */
  inputs: Tensor[];
  outputNames: string[];
  nodeCount: number;
}

function valueInfo(name: string, t: Tensor): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ONNX_ELEM_TYPE[t.dtype],
        shape: { dim: t.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function tensorProto(name: string, v: ConstValue): onnxProto.onnx.ITensorProto {
  const bytes = new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength);
  // rawData is little-endian on every platform ORT runs on; copy so later host mutation can't alias.
  return { name, dims: v.dims, dataType: ONNX_ELEM_TYPE[v.dtype], rawData: bytes.slice() };
}

function attrProto(name: string, a: Attr): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value };
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...a.value] };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: T.TENSOR, t: tensorProto('', a.value) };
  }
}

/**
 * Emits an ONNX ModelProto computing `outputs` (name → tensor). Only nodes the outputs depend on are
 * emitted; inputs and params become graph inputs, constants become initializers.
 */
export function emitModel(graph: Graph, outputs: Record<string, Tensor>, opts: EmitOptions = {}): EmittedModel {
  const outEntries = Object.entries(outputs);
  for (const [name, t] of outEntries) {
    if (t.graph !== graph) throw new Error(`emitModel: output ${t.name} belongs to another graph`);
    if (graph.inputs.has(name) || graph.params.has(name)) throw new Error(`emitModel: output name "${name}" is an input name`);
    if (/^t\d+$/.test(name)) throw new Error(`emitModel: output name "${name}" is reserved for intermediate tensors`);
  }
  // Walk back from the outputs to the nodes they need.
  const needed = new Set<Node>();
  const used = new Set<Tensor>();
  const stack: Tensor[] = outEntries.map(([, t]) => t);
  for (const t of opts.keepInputs ?? []) used.add(t);
  while (stack.length) {
    const t = stack.pop()!;
    if (used.has(t) && t.source.kind !== 'node') continue;
    used.add(t);
    if (t.source.kind === 'node' && !needed.has(t.source.node)) {
      needed.add(t.source.node);
      for (const i of t.source.node.inputs) if (i) stack.push(i);
    }
  }
  const nodes = [...needed].sort((a, b) => a.id - b.id);

  // Rename node outputs that are graph outputs (once each); other graph outputs go through Identity.
  const names = new Map<Tensor, string>();
  const extraNodes: onnxProto.onnx.INodeProto[] = [];
  const outputInfos: onnxProto.onnx.IValueInfoProto[] = [];
  const seenOut = new Set<string>();
  for (const [name, t] of outEntries) {
    if (seenOut.has(name)) throw new Error(`emitModel: duplicate output name ${name}`);
    seenOut.add(name);
    if (t.source.kind === 'node' && !names.has(t)) names.set(t, name);
    else extraNodes.push({ opType: 'Identity', input: [t.name], output: [name], name: `out_${name}` });
    outputInfos.push(valueInfo(name, t));
  }
  const nameOf = (t: Tensor): string => names.get(t) ?? t.name;
  // Fix Identity inputs that refer to renamed tensors.
  for (const n of extraNodes) {
    const src = outEntries.find(([name]) => name === n.output![0])![1];
    n.input = [nameOf(src)];
  }

  const consumed = new Set<Tensor>();
  for (const n of nodes) for (const i of n.inputs) if (i) consumed.add(i);
  for (const [, t] of outEntries) consumed.add(t);

  const inputs: Tensor[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  const seenIn = new Set<Tensor>();
  // Packed params are produced by the unpacking nodes below, not fed.
  const packedNodes: onnxProto.onnx.INodeProto[] = [];
  for (const [k, pack] of (opts.packed ?? []).entries()) {
    const { flat, members } = pack;
    const sizes = members.map((m) => {
      if (m.source.kind !== 'param' || !m.shape.every((d) => typeof d === 'number')) {
        throw new Error(`emitModel: packed member ${m.name} must be a param with a static shape`);
      }
      return m.shape.reduce<number>((a, d) => a * (d as number), 1);
    });
    const total = sizes.reduce((a, n) => a + n, 0);
    if (flat.rank !== 1 || flat.shape[0] !== total) throw new Error(`emitModel: packed input ${flat.name} must be [${total}], got ${fmtShapeOf(flat)}`);
    for (const m of members) seenIn.add(m);
    const pieces = members.length === 1 ? [flat.name] : members.map((m) => `${m.name}::flat`);
    if (members.length > 1) {
      const splitName = `__pack${k}_split`;
      initializers.push(tensorProto(splitName, { dtype: 'int64', dims: [sizes.length], data: BigInt64Array.from(sizes.map(BigInt)) }));
      packedNodes.push({ opType: 'Split', name: `unpack_${k}`, input: [flat.name, splitName], output: pieces, attribute: [attrProto('axis', { kind: 'int', value: 0 })] });
    }
    members.forEach((m, i) => {
      const shapeName = `${m.name}::shape`;
      initializers.push(tensorProto(shapeName, { dtype: 'int64', dims: [m.rank], data: BigInt64Array.from(m.shape.map((d) => BigInt(d as number))) }));
      packedNodes.push({ opType: 'Reshape', name: `unpack_${m.name}`, input: [pieces[i]!, shapeName], output: [m.name] });
    });
  }
  const addSource = (t: Tensor): void => {
    if (seenIn.has(t) || t.source.kind === 'node') return;
    seenIn.add(t);
    if (t.source.kind === 'const') initializers.push(tensorProto(t.name, t.source.value));
    else inputs.push(t);
  };
  for (const t of opts.keepInputs ?? []) addSource(t);
  for (const n of nodes) for (const i of n.inputs) if (i) addSource(i);
  for (const [, t] of outEntries) addSource(t);
  // Stable, readable input order: declared inputs first, then params, each by declaration.
  inputs.sort((a, b) => (a.source.kind === b.source.kind ? a.id - b.id : a.source.kind === 'input' ? -1 : 1));

  const nodeProtos: onnxProto.onnx.INodeProto[] = nodes.map((n) => ({
    opType: n.op,
    domain: n.domain || undefined,
    name: `${n.op}_${n.id}`,
    input: n.inputs.map((i) => (i ? nameOf(i) : '')),
    output: n.outputs.map((o, k) => (!consumed.has(o) && n.optionalOutputs.includes(k) ? '' : nameOf(o))),
    attribute: Object.entries(n.attrs).map(([k, a]) => attrProto(k, a)),
  }));
  // Drop trailing empty optional outputs (ONNX allows omitting them entirely).
  for (const p of nodeProtos) {
    while (p.output!.length > 1 && p.output![p.output!.length - 1] === '') p.output!.pop();
  }

  const domains = new Set(nodes.map((n) => n.domain).filter((d) => d !== ''));
  const model: onnxProto.onnx.IModelProto = {
    irVersion: IR_VERSION,
    producerName: 'pose-rft-studio-graph',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: OPSET }, ...[...domains].map((d) => ({ domain: d, version: 1 }))],
    graph: {
      name: opts.name ?? 'graph',
      node: [...packedNodes, ...nodeProtos, ...extraNodes],
      input: inputs.map((t) => valueInfo(t.name, t)),
      output: outputInfos,
      initializer: initializers,
    },
  };
  const bytes = onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  return {
    bytes,
    inputs,
    outputNames: outEntries.map(([n]) => n),
    nodeCount: packedNodes.length + nodeProtos.length + extraNodes.length,
  };
}

const fmtShapeOf = (t: Tensor): string => `[${t.shape.join(', ')}]`;
