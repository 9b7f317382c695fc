/**
 * Small hand-made TensorFlow.js graphs, converted and run by ONNX Runtime, against TensorFlow.js running the
 * same model.json: every op mapper and its attribute variants (odd sizes for SAME's asymmetric pads, explicit
 * pads, depth multipliers, each fused activation, the three resize grids, the Shape → StridedSlice → Pack →
 * Reshape chain with a run-time batch) on shallow graphs, where the two must agree to float32 precision:
 * |onnx − tfjs| ≤ 1e-5 · max(1, |tfjs|).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/main/compute/graph';
import { f32, loadSession, releaseAll } from '../../../src/main/compute/runtime';
import { agreement } from './agreement';
import { convertTfjsModel } from './convert';
import type { WeightSpec } from './dequantize';
import { loadTfjsReference, tfjsCpuBackend } from './tfjs-reference';
import { parseTfjsModel, type ModelJson, type RawAttr, type RawNode } from './tfjs-model';

const TOL = 1e-5;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const A = {
  s: (v: string): RawAttr => ({ s: b64(v) }),
  i: (v: number): RawAttr => ({ i: String(v) }),
  f: (v: number): RawAttr => ({ f: v }),
  b: (v: boolean): RawAttr => ({ b: v }),
  ints: (v: number[]): RawAttr => ({ list: { i: v.map(String) } }),
  strs: (v: string[]): RawAttr => ({ list: { s: v.map(b64) } }),
  type: (v: string): RawAttr => ({ type: v }),
};

type Quant = 'none' | 'float16' | 'uint8';

/** Builds model.json + one weight shard the way tensorflowjs_converter lays them out. */
class GraphJson {
  readonly nodes: RawNode[] = [];
  private readonly specs: WeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];
  private readonly inputs: Record<string, { name: string; dtype: string; tensorShape: { dim: { size: string }[] } }> = {};
  private readonly rand: () => number;

  constructor(seed: number) {
    this.rand = mulberry32(seed);
  }

  input(name: string, shape: number[]): string {
    const dim = shape.map((d) => ({ size: String(d) }));
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: A.type('DT_FLOAT'), shape: { shape: { dim } } } });
    this.inputs[name] = { name: `${name}:0`, dtype: 'DT_FLOAT', tensorShape: { dim } };
    return name;
  }

  /** A float constant of random values in [lo, hi), stored with the given quantization. */
  weight(name: string, shape: number[], quant: Quant, lo = -1, hi = 1): string {
    const n = shape.reduce((a, d) => a * d, 1);
    this.nodes.push({ name, op: 'Const', attr: { dtype: A.type('DT_FLOAT') } });
    if (quant === 'uint8') {
      const scale = (hi - lo) / 255;
      this.specs.push({ name, shape, dtype: 'float32', quantization: { dtype: 'uint8', min: lo, scale, original_dtype: 'float32' } });
      this.chunks.push(Uint8Array.from({ length: n }, () => Math.floor(this.rand() * 256)));
    } else if (quant === 'float16') {
      this.specs.push({ name, shape, dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } });
      // Random halves of magnitude 2^-6 … 2^1, both signs: the weights' range without needing an encoder.
      const bits = Uint16Array.from({ length: n }, () => (this.rand() < 0.5 ? 0x8000 : 0) | ((9 + Math.floor(this.rand() * 8)) << 10) | Math.floor(this.rand() * 1024));
      this.chunks.push(new Uint8Array(bits.buffer));
    } else {
      this.specs.push({ name, shape, dtype: 'float32' });
      this.chunks.push(new Uint8Array(Float32Array.from({ length: n }, () => lo + (hi - lo) * this.rand()).buffer));
    }
    return name;
  }

  ints(name: string, values: number[], shape = [values.length]): string {
    this.nodes.push({ name, op: 'Const', attr: { dtype: A.type('DT_INT32') } });
    this.specs.push({ name, shape, dtype: 'int32' });
    this.chunks.push(new Uint8Array(Int32Array.from(values).buffer));
    return name;
  }

  op(name: string, op: string, input: string[], attr: Record<string, RawAttr> = {}): string {
    this.nodes.push({ name, op, input, attr: { T: A.type('DT_FLOAT'), ...attr } });
    return name;
  }

  build(outputs: Record<string, string>): { json: ModelJson; shards: Uint8Array } {
    const size = this.chunks.reduce((a, c) => a + c.byteLength, 0);
    const shards = new Uint8Array(size);
    this.chunks.reduce((off, c) => (shards.set(c, off), off + c.byteLength), 0);
    const json: ModelJson = {
      format: 'graph-model',
      signature: {
        inputs: this.inputs,
        outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { name: `${v}:0` }])),
      },
      modelTopology: { node: this.nodes, versions: {} },
      weightsManifest: [{ paths: ['weights.bin'], weights: this.specs }],
    };
    return { json, shards };
  }
}

const conv = (padding: string, strides = [1, 1, 1, 1], extra: Record<string, RawAttr> = {}) => ({
  data_format: A.s('NHWC'),
  padding: A.s(padding),
  strides: A.ints(strides),
  dilations: A.ints([1, 1, 1, 1]),
  ...extra,
});
const fused = (ops: string[], numArgs: number) => ({ fused_ops: A.strs(ops), num_args: A.i(numArgs), epsilon: A.f(0) });

/** Converts, runs both, and returns the worst scaled error per output (asserting the tolerance). */
async function check(g: GraphJson, outputs: Record<string, string>, feeds: Record<string, number[]>, seed = 7): Promise<Record<string, number>> {
  const { json, shards } = g.build(outputs);
  const converted = convertTfjsModel(parseTfjsModel(json, shards));
  const session = await loadSession(converted.bytes);
  const reference = await loadTfjsReference(json, shards);
  const rand = mulberry32(seed);
  const data = Object.fromEntries(Object.entries(feeds).map(([k, shape]) => [k, { data: Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => 2 * rand() - 1), shape }]));
  const onnx = await session.run(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, f32(v.data, v.shape)])));
  const ref = await reference.run(data);
  reference.dispose();
  const worst: Record<string, number> = {};
  for (const key of Object.keys(outputs)) {
    expect(onnx[key]!.dims, key).toEqual(ref[key]!.shape);
    const a = agreement(onnx[key]!.data as Float32Array, ref[key]!.data);
    expect(a.maxScaled, `${key}: element ${a.worst.index} onnx ${a.worst.onnx} vs tfjs ${a.worst.ref}`).toBeLessThanOrEqual(TOL);
    // A vacuous match (everything zero) would prove nothing about the mapping.
    expect(a.refMax, `${key} is all zeros`).toBeGreaterThan(0);
    worst[key] = a.maxScaled;
  }
  return worst;
}

beforeAll(tfjsCpuBackend);
afterAll(releaseAll);

describe('converting small tfjs graphs (ONNX Runtime vs TensorFlow.js)', () => {
  it('convolutions: pads, SAME on odd sizes, EXPLICIT, strides, dilation, depth multiplier, fused bias and activations', async () => {
    const g = new GraphJson(1);
    const x = g.input('image', [-1, 9, 7, 3]);
    const padded = g.op('pad', 'Pad', [x, g.ints('pad/p', [0, 0, 1, 2, 0, 1, 0, 0], [4, 2])], { Tpaddings: A.type('DT_INT32') });
    const c1 = g.op('c1', '_FusedConv2D', [padded, g.weight('c1/w', [3, 3, 3, 8], 'uint8'), g.weight('c1/b', [8], 'float16')], { ...conv('VALID', [1, 2, 2, 1]), ...fused(['BiasAdd', 'Relu6'], 1) });
    const d1 = g.op('d1', 'FusedDepthwiseConv2dNative', [c1, g.weight('d1/w', [3, 3, 8, 2], 'float16'), g.weight('d1/b', [16], 'none'), g.weight('d1/alpha', [16], 'none', 0, 0.5)], {
      ...conv('SAME'),
      ...fused(['BiasAdd', 'Prelu'], 2),
    });
    const d2 = g.op('d2', 'DepthwiseConv2dNative', [d1, g.weight('d2/w', [2, 2, 16, 1], 'uint8')], conv('SAME', [1, 2, 2, 1]));
    const c2 = g.op('c2', 'Conv2D', [d2, g.weight('c2/w', [3, 3, 16, 6], 'none')], conv('SAME', [1, 1, 1, 1], { dilations: A.ints([1, 2, 2, 1]) }));
    const c3 = g.op('c3', '_FusedConv2D', [c1, g.weight('c3/w', [2, 3, 8, 5], 'none'), g.weight('c3/b', [5], 'none')], {
      ...conv('EXPLICIT', [1, 1, 2, 1], { explicit_paddings: A.ints([0, 0, 1, 0, 2, 1, 0, 0]) }),
      ...fused(['BiasAdd', 'LeakyRelu'], 1),
      leakyrelu_alpha: A.f(0.1),
    });
    const c4 = g.op('c4', '_FusedConv2D', [c1, g.weight('c4/w', [1, 1, 8, 4], 'none'), g.weight('c4/b', [4], 'none')], { ...conv('SAME'), ...fused(['BiasAdd', 'Elu'], 1) });
    const c5 = g.op('c5', '_FusedConv2D', [c1, g.weight('c5/w', [3, 3, 8, 4], 'none'), g.weight('c5/b', [4], 'none')], { ...conv('SAME', [1, 2, 2, 1]), ...fused(['BiasAdd', 'Relu'], 1) });
    const c6 = g.op('c6', 'FusedDepthwiseConv2dNative', [c1, g.weight('c6/w', [3, 3, 8, 1], 'none'), g.weight('c6/b', [8], 'none')], { ...conv('VALID'), ...fused(['BiasAdd', 'Sigmoid'], 1) });
    const pool = g.op('pool', 'MaxPool', [c1], { data_format: A.s('NHWC'), ksize: A.ints([1, 3, 2, 1]), strides: A.ints([1, 2, 2, 1]), padding: A.s('SAME') });
    const worst = await check(g, { d1, c2, c3, c4, c5, c6, pool }, { image: [2, 9, 7, 3] });
    expect(Object.keys(worst)).toHaveLength(7);
  });

  it('elementwise ops and activations, with constants broadcast in NCHW and ranks below 4 in TF layout', async () => {
    const g = new GraphJson(2);
    const x = g.input('x', [-1, 5, 6, 4]);
    const v = g.input('v', [-1, 4]);
    const c = g.op('c', 'Conv2D', [x, g.weight('c/w', [1, 1, 4, 4], 'none')], conv('SAME'));
    const add = g.op('add', 'AddV2', [c, g.weight('bias', [4], 'none')]);
    const mul = g.op('mul', 'Mul', [g.weight('scale', [1, 1, 4], 'none'), add]);
    const sub = g.op('sub', 'Sub', [mul, c]);
    const div = g.op('div', 'RealDiv', [sub, g.weight('den', [6, 1], 'none', 1, 2)]);
    const mx = g.op('max', 'Maximum', [div, x]);
    const mn = g.op('min', 'Minimum', [mx, g.weight('cap', [5, 6, 4], 'none')]);
    const acts = ['Relu', 'Relu6', 'Sigmoid', 'Tanh', 'Elu'].map((op) => g.op(`act/${op}`, op, [mn]));
    const leaky = g.op('leaky', 'LeakyRelu', [mn], { alpha: A.f(0.3) });
    const prelu = g.op('prelu', 'Prelu', [c, g.weight('alpha', [4], 'none', 0, 0.5)]);
    const vec = g.op('vec', 'AddV2', [v, g.weight('vb', [4], 'none')]);
    const vec6 = g.op('vec6', 'Relu6', [g.op('vecmul', 'Mul', [vec, g.weight('vs', [4], 'none', 2, 8)])]);
    const outputs = Object.fromEntries([...acts, leaky, prelu, vec6].map((n) => [n.replace('/', '_'), n]));
    await check(g, outputs, { x: [2, 5, 6, 4], v: [3, 4] });
  });

  it.each([
    ['half_pixel_centers', { align_corners: A.b(false), half_pixel_centers: A.b(true) }],
    ['align_corners', { align_corners: A.b(true), half_pixel_centers: A.b(false) }],
    ['legacy (neither)', { align_corners: A.b(false), half_pixel_centers: A.b(false) }],
  ])('ResizeBilinear %s, up and down by non-integer factors', async (_label, attrs) => {
    const g = new GraphJson(3);
    const x = g.input('x', [-1, 5, 4, 3]);
    const up = g.op('up', 'ResizeBilinear', [x, g.ints('up/size', [8, 11])], attrs);
    const down = g.op('down', 'ResizeBilinear', [up, g.ints('down/size', [3, 7])], attrs);
    await check(g, { up, down }, { x: [2, 5, 4, 3] });
  });

  it('DepthToSpace, ConcatV2 over channels, and the Shape → StridedSlice → Pack → Reshape chain with a run-time batch', async () => {
    const g = new GraphJson(4);
    const x = g.input('x', [-1, 3, 4, 8]);
    const c = g.op('c', 'Conv2D', [x, g.weight('c/w', [1, 1, 8, 12], 'none')], conv('SAME'));
    const d2s = g.op('d2s', 'DepthToSpace', [c], { block_size: A.i(2), data_format: A.s('NHWC') });
    const up = g.op('up', 'ResizeBilinear', [x, g.ints('up/size', [6, 8])], { half_pixel_centers: A.b(true), align_corners: A.b(false) });
    const cat = g.op('cat', 'ConcatV2', [d2s, up, g.ints('cat/axis', [3], [])], { N: A.i(2), Tidx: A.type('DT_INT32') });
    // The detector's head: flatten each feature map to [batch, cells·k, 12 / k] with a batch read at run time.
    const flat = (name: string, src: string, rows: number, cols: number) => {
      const shape = g.op(`${name}/Shape`, 'Shape', [src], { out_type: A.type('DT_INT32') });
      const batch = g.op(`${name}/slice`, 'StridedSlice', [shape, g.ints(`${name}/b`, [0]), g.ints(`${name}/e`, [1]), g.ints(`${name}/s`, [1])], {
        shrink_axis_mask: A.i(1),
        begin_mask: A.i(0),
        end_mask: A.i(0),
        ellipsis_mask: A.i(0),
        new_axis_mask: A.i(0),
        Index: A.type('DT_INT32'),
        T: A.type('DT_INT32'),
      });
      const target = g.op(`${name}/pack`, 'Pack', [batch, g.ints(`${name}/r`, [rows], []), g.ints(`${name}/c`, [cols], [])], { N: A.i(3), axis: A.i(0), T: A.type('DT_INT32') });
      return g.op(`${name}/reshape`, 'Reshape', [src, target], { Tshape: A.type('DT_INT32') });
    };
    const f1 = flat('f1', cat, 6 * 8, 11);
    const f2 = flat('f2', g.op('c2', 'Conv2D', [x, g.weight('c2/w', [1, 1, 8, 11], 'none')], conv('SAME')), 3 * 4, 11);
    const rows = g.op('rows', 'ConcatV2', [f1, f2, g.ints('rows/axis', [1], [])], { N: A.i(2), Tidx: A.type('DT_INT32') });
    const vec = g.op('vec', 'Reshape', [c, g.ints('vec/shape', [-1, 144])], { Tshape: A.type('DT_INT32') });
    await check(g, { cat, rows, vec }, { x: [3, 3, 4, 8] });
  });

  it('the converted model keeps NHWC inputs/outputs, the signature names and a symbolic batch', () => {
    const g = new GraphJson(5);
    const x = g.input('in', [-1, 4, 4, 2]);
    const y = g.op('y', 'Relu', [g.op('c', 'Conv2D', [x, g.weight('w', [3, 3, 2, 5], 'none')], conv('SAME', [1, 2, 2, 1]))]);
    const { json, shards } = g.build({ features: y });
    const m = convertTfjsModel(parseTfjsModel(json, shards), { batchSymbol: 'N' });
    expect(m.inputs).toEqual([{ name: 'in', tfName: 'in:0', shape: ['N', 4, 4, 2], dtype: 'float32' }]);
    expect(m.outputs).toEqual([{ name: 'features', tfName: 'y:0', shape: ['N', 2, 2, 5], dtype: 'float32' }]);
    // One transpose in (NHWC → NCHW) and one out; the convolution and activation run in NCHW between them.
    expect(m.onnxOps).toEqual({ Transpose: 2, Conv: 1, Relu: 1 });
  });

  it('refuses what it cannot convert, naming the node', () => {
    const unsupported = new GraphJson(6);
    const x = unsupported.input('x', [1, 4]);
    unsupported.op('s', 'Softmax', [x]);
    const u = unsupported.build({ y: 's' });
    expect(() => convertTfjsModel(parseTfjsModel(u.json, u.shards))).toThrow(/op Softmax \(node s\) is not supported; supported: .*Conv2D/);

    const bn = new GraphJson(7);
    const xi = bn.input('x', [1, 4, 4, 2]);
    bn.op('c', '_FusedConv2D', [xi, bn.weight('w', [1, 1, 2, 2], 'none'), bn.weight('b', [2], 'none')], { ...conv('SAME'), ...fused(['FusedBatchNorm'], 1) });
    const b = bn.build({ y: 'c' });
    expect(() => convertTfjsModel(parseTfjsModel(b.json, b.shards))).toThrow(/_FusedConv2D c: fused op FusedBatchNorm is not supported/);

    const nchw = new GraphJson(8);
    const xn = nchw.input('x', [1, 2, 4, 4]);
    nchw.op('c', 'Conv2D', [xn, nchw.weight('w', [1, 1, 2, 2], 'none')], { ...conv('SAME'), data_format: A.s('NCHW') });
    const n = nchw.build({ y: 'c' });
    expect(() => convertTfjsModel(parseTfjsModel(n.json, n.shards))).toThrow(/Conv2D c: data_format NCHW is not supported/);
  });
});
