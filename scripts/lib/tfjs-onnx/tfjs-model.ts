/**
 * Reads a TensorFlow.js graph model (model.json + weight shards): its nodes with decoded attributes, its
 * signature, and its weights. Only the JSON format `tensorflowjs_converter --output_format tfjs_graph_model`
 * writes is understood; Keras layers models are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeWeights, type DecodedWeight, type WeightSpec } from './dequantize';

/** A TensorFlow AttrValue as model.json stores it (protobuf JSON: int64 as strings, bytes as base64). */
export interface RawAttr {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size?: string | number }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[]; type?: string[] };
  tensor?: unknown;
  func?: unknown;
}

export interface RawNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, RawAttr>;
  device?: string;
}

interface SignatureEntry {
  name: string;
  dtype?: string;
  tensorShape?: { dim?: { size?: string | number }[] };
}

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: { inputs?: Record<string, SignatureEntry>; outputs?: Record<string, SignatureEntry> };
  modelTopology: { node: RawNode[]; library?: { function?: unknown[] }; versions?: Record<string, unknown> };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** A node with its inputs split into data inputs and control dependencies. */
export interface TfNode {
  name: string;
  op: string;
  /** Data inputs as [producer node name, output index]. */
  inputs: [string, number][];
  attrs: Attrs;
}

export interface TfjsModel {
  nodes: Map<string, TfNode>;
  weights: Map<string, DecodedWeight>;
  /** Signature inputs: key → placeholder node name. */
  inputs: Map<string, string>;
  /** Signature outputs: key → [node name, output index]. */
  outputs: Map<string, [string, number]>;
  meta: { format?: string; generatedBy?: string; convertedBy?: string };
}

/** Splits "name:1" into ["name", 1]; plain names are output 0. */
export function parseTensorRef(ref: string): [string, number] {
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? [m[1]!, Number(m[2])] : [ref, 0];
}

const decodeBase64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

/** Typed access to a node's attributes, with errors that name the node and attribute. */
export class Attrs {
  constructor(
    private readonly node: string,
    private readonly raw: Record<string, RawAttr>,
  ) {}

  has(name: string): boolean {
    return name in this.raw;
  }

  private get(name: string): RawAttr {
    const a = this.raw[name];
    if (!a) throw new Error(`node ${this.node}: missing attribute "${name}"`);
    return a;
  }

  string(name: string, fallback?: string): string {
    if (!this.has(name) && fallback !== undefined) return fallback;
    const a = this.get(name);
    if (a.s === undefined) throw new Error(`node ${this.node}: attribute "${name}" is not a string`);
    return decodeBase64(a.s);
  }

  int(name: string, fallback?: number): number {
    if (!this.has(name) && fallback !== undefined) return fallback;
    const a = this.get(name);
    if (a.i === undefined) {
      // protobuf JSON omits zero-valued fields, so an int attribute stored as 0 arrives as {}.
      if (Object.keys(a).length === 0) return 0;
      throw new Error(`node ${this.node}: attribute "${name}" is not an int`);
    }
    return Number(a.i);
  }

  float(name: string, fallback?: number): number {
    if (!this.has(name) && fallback !== undefined) return fallback;
    const a = this.get(name);
    if (a.f === undefined) {
      if (Object.keys(a).length === 0) return 0;
      throw new Error(`node ${this.node}: attribute "${name}" is not a float`);
    }
    return Number(a.f);
  }

  bool(name: string, fallback?: boolean): boolean {
    if (!this.has(name) && fallback !== undefined) return fallback;
    const a = this.get(name);
    return a.b === true;
  }

  ints(name: string, fallback?: readonly number[]): number[] {
    if (!this.has(name) && fallback !== undefined) return [...fallback];
    return (this.get(name).list?.i ?? []).map(Number);
  }

  strings(name: string, fallback?: readonly string[]): string[] {
    if (!this.has(name) && fallback !== undefined) return [...fallback];
    return (this.get(name).list?.s ?? []).map(decodeBase64);
  }

  type(name: string, fallback?: string): string {
    if (!this.has(name) && fallback !== undefined) return fallback;
    const t = this.get(name).type;
    if (t === undefined) throw new Error(`node ${this.node}: attribute "${name}" is not a type`);
    return t;
  }

  /** A shape attribute: -1 for unknown dims; null for unknown rank. */
  shape(name: string): number[] | null {
    const s = this.get(name).shape;
    if (!s || s.unknownRank) return null;
    return (s.dim ?? []).map((d) => Number(d.size ?? 0));
  }
}

/** Parses model.json's topology and decodes the weights from `shards` (all .bin files, in manifest order). */
export function parseTfjsModel(json: ModelJson, shards: Uint8Array): TfjsModel {
  if (json.format !== undefined && json.format !== 'graph-model') {
    throw new Error(`not a TensorFlow.js graph model (format "${json.format}"); layers models are not supported`);
  }
  if (!json.modelTopology?.node) throw new Error('model.json has no modelTopology.node');
  if ((json.modelTopology.library?.function?.length ?? 0) > 0) {
    throw new Error('model.json has control-flow functions (modelTopology.library), which this converter does not support');
  }
  const nodes = new Map<string, TfNode>();
  for (const n of json.modelTopology.node) {
    if (nodes.has(n.name)) throw new Error(`model.json has two nodes named ${n.name}`);
    const inputs = (n.input ?? []).filter((i) => !i.startsWith('^')).map(parseTensorRef);
    nodes.set(n.name, { name: n.name, op: n.op, inputs, attrs: new Attrs(n.name, n.attr ?? {}) });
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const weights = decodeWeights(specs, shards);

  const inputs = new Map<string, string>();
  const outputs = new Map<string, [string, number]>();
  for (const [key, e] of Object.entries(json.signature?.inputs ?? {})) inputs.set(key, parseTensorRef(e.name)[0]);
  for (const [key, e] of Object.entries(json.signature?.outputs ?? {})) outputs.set(key, parseTensorRef(e.name));
  if (inputs.size === 0) {
    for (const n of nodes.values()) if (n.op === 'Placeholder') inputs.set(n.name, n.name);
  }
  if (outputs.size === 0) {
    // Without a signature the outputs are the nodes nothing consumes (constants aside).
    const consumed = new Set<string>();
    for (const n of nodes.values()) for (const [src] of n.inputs) consumed.add(src);
    for (const n of nodes.values()) if (!consumed.has(n.name) && n.op !== 'Const') outputs.set(n.name, [n.name, 0]);
  }
  for (const [key, [name]] of outputs) {
    if (!nodes.has(name)) throw new Error(`signature output "${key}" refers to missing node ${name}`);
  }
  return { nodes, weights, inputs, outputs, meta: { format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy } };
}

/** Reads model.json and the shard files it lists (resolved beside it), concatenated in manifest order. */
export function readModelFiles(modelJsonPath: string): { json: ModelJson; shards: Uint8Array } {
  const json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8')) as ModelJson;
  const dir = path.dirname(modelJsonPath);
  const files = json.weightsManifest.flatMap((g) => g.paths).map((p) => path.join(dir, p));
  for (const f of files) {
    if (!fs.existsSync(f)) throw new Error(`${path.basename(modelJsonPath)} lists weight shard ${path.basename(f)}, which is not in ${dir}`);
  }
  const buf = Buffer.concat(files.map((f) => fs.readFileSync(f)));
  return { json, shards: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}

export function readTfjsModel(modelJsonPath: string): TfjsModel {
  const { json, shards } = readModelFiles(modelJsonPath);
  return parseTfjsModel(json, shards);
}
