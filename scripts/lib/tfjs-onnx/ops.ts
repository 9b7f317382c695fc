/**
 * One mapper per TensorFlow op: TF node + converted inputs → converted output, emitting ONNX (opset 18) nodes.
 * Image ops work on the NCHW form of their input; shape ops on TensorFlow's layout (see lowering.ts).
 */
import { type Dim, type Shape, type Tensor, attr, broadcastShapes, concat, reshape, slice, squeeze, unsqueeze } from '../../../src/main/compute/graph';
import type { DecodedWeight } from './dequantize';
import { NHWC_TO_NCHW, depthwiseToGrouped, hwioToOihw, nchwAxisOf, transposeHost } from './layout';
import { type Lowering, type TfDType, type Value, hostInts, onnxDType } from './lowering';
import { type TfPadding, type Window2d, onnxPads2d, windowOutputHW } from './padding';
import type { TfNode } from './tfjs-model';

export type OpMapper = (cx: Lowering, node: TfNode, inputs: Value[]) => Value;

const f32 = (shape: Shape) => ({ dtype: 'float32' as const, shape });

function fail(node: TfNode, why: string): never {
  throw new Error(`${node.op} ${node.name}: ${why}`);
}

function expectInputs(node: TfNode, inputs: Value[], n: number): void {
  if (inputs.length !== n) fail(node, `expected ${n} inputs, got ${inputs.length}`);
}

/** A rank-4 NHWC shape with static spatial dims (windows and pads are computed at conversion time). */
function imageShape(node: TfNode, v: Value): [Dim, number, number, number] {
  const s = v.shape;
  if (s.length !== 4) fail(node, `expects a rank-4 NHWC input, got [${s.join(', ')}]`);
  const [n, h, w, c] = s;
  if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number') {
    fail(node, `needs static height, width and channels, got [${s.join(', ')}]`);
  }
  return [n!, h, w, c];
}

function requireNhwc(node: TfNode): void {
  const format = node.attrs.string('data_format', 'NHWC');
  if (format !== 'NHWC') fail(node, `data_format ${format} is not supported (NHWC is)`);
}

/** TF [1, a, b, 1] attribute (strides, dilations, ksize) → [a, b]. */
function spatialPair(node: TfNode, name: string): [number, number] {
  const v = node.attrs.ints(name, [1, 1, 1, 1]);
  if (v.length !== 4 || v[0] !== 1 || v[3] !== 1) fail(node, `${name} [${v}] must be [1, h, w, 1]`);
  return [v[1]!, v[2]!];
}

function paddingOf(node: TfNode): TfPadding {
  const p = node.attrs.string('padding');
  if (p !== 'SAME' && p !== 'VALID' && p !== 'EXPLICIT') fail(node, `unknown padding "${p}"`);
  return p;
}

/** A host constant laid out to broadcast against an NCHW tensor as it did against the NHWC one. */
function nchwBroadcastHost(cx: Lowering, w: DecodedWeight): Tensor {
  if (w.shape.length > 4) throw new Error(`constant of rank ${w.shape.length} cannot broadcast against a rank-4 tensor`);
  const shape4 = [...Array(4 - w.shape.length).fill(1), ...w.shape] as number[];
  const data = transposeHost(w.data, shape4, NHWC_TO_NCHW);
  return cx.g.constant(data, NHWC_TO_NCHW.map((a) => shape4[a]!), onnxDType(w.dtype));
}

// ---- activations --------------------------------------------------------------------------------------------

type Activation = 'Relu' | 'Relu6' | 'Elu' | 'Sigmoid' | 'Tanh' | 'LeakyRelu' | 'Prelu';
const ACTIVATIONS = new Set<string>(['Relu', 'Relu6', 'Elu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Prelu']);

/** Applies an activation to `x` (any layout); Prelu's `alpha` must already match x's layout. */
function activate(cx: Lowering, x: Tensor, kind: Activation, opts: { alpha?: Tensor; leak?: number } = {}): Tensor {
  const out = { dtype: x.dtype, shape: x.shape };
  switch (kind) {
    case 'Relu':
    case 'Sigmoid':
    case 'Tanh':
      return cx.g.op1(kind, [x], out);
    case 'Relu6':
      return cx.g.op1('Clip', [x, cx.g.scalar(0), cx.g.scalar(6)], out);
    case 'Elu':
      return cx.g.op1('Elu', [x], out, { alpha: attr.float(1) });
    case 'LeakyRelu':
      return cx.g.op1('LeakyRelu', [x], out, { alpha: attr.float(opts.leak ?? 0.2) });
    case 'Prelu':
      if (!opts.alpha) throw new Error('Prelu needs alpha');
      return cx.g.op1('PRelu', [x, opts.alpha], out);
  }
}

/** Unary activations keep whichever layout their input has, so they never add a transpose. */
function unary(kind: Activation): OpMapper {
  return (cx, node, [x]) => {
    if (!x || x.dtype !== 'float32') fail(node, 'expects one float input');
    const leak = node.attrs.float('alpha', 0.2);
    if (cx.isNchw(x)) return cx.fromNchw(activate(cx, x.nchw!, kind, { leak }));
    return cx.fromTf(activate(cx, cx.tf(x), kind, { leak }), 'float32', x.shape);
  };
}

// ---- elementwise binary --------------------------------------------------------------------------------------

const BINARY: Record<string, string> = { AddV2: 'Add', Add: 'Add', Sub: 'Sub', Mul: 'Mul', RealDiv: 'Div', Maximum: 'Max', Minimum: 'Min', Prelu: 'PRelu' };

/**
 * Elementwise ops stay in NCHW when a rank-4 operand is already there and the other is NCHW too or a constant
 * (rearranged on the host); anything else runs in TensorFlow's layout with numpy broadcasting, as in TF.
 */
const binary: OpMapper = (cx, node, inputs) => {
  expectInputs(node, inputs, 2);
  const [a, b] = inputs as [Value, Value];
  const op = BINARY[node.op]!;
  if (a.dtype !== b.dtype) fail(node, `operand dtypes differ (${a.dtype}, ${b.dtype})`);
  const shape = broadcastShapes(a.shape, b.shape);
  // A rank < 4 operand that is not a constant could only follow an NCHW one through a reshape; keep TF layout then.
  const fitsNchw = (v: Value) => cx.isNchw(v) || v.host !== undefined || v.shape.length === 4;
  if (shape.length === 4 && a.dtype === 'float32' && (cx.isNchw(a) || cx.isNchw(b)) && fitsNchw(a) && fitsNchw(b)) {
    const side = (v: Value) => v.nchw ?? (v.host ? nchwBroadcastHost(cx, v.host) : cx.nchw(v, node.name));
    const ta = side(a);
    const tb = side(b);
    return cx.fromNchw(cx.g.op1(op, [ta, tb], f32(broadcastShapes(ta.shape, tb.shape))));
  }
  return cx.fromTf(cx.g.op1(op, [cx.tf(a), cx.tf(b)], { dtype: onnxDType(a.dtype), shape }), a.dtype, shape);
};

// ---- convolutions and pooling ------------------------------------------------------------------------------

interface FusedTail {
  bias?: Value;
  activation?: Activation;
  alpha?: Value;
}

/** Reads `fused_ops` and the extra arguments they consume (BiasAdd takes one, Prelu one). */
function fusedTail(node: TfNode, extra: Value[]): FusedTail {
  const ops = node.attrs.strings('fused_ops', []);
  const args = [...extra];
  const tail: FusedTail = {};
  for (const op of ops) {
    if (op === 'BiasAdd') {
      if (tail.bias || tail.activation) fail(node, `fused_ops [${ops}] has BiasAdd out of place`);
      tail.bias = args.shift() ?? fail(node, 'BiasAdd has no bias argument');
    } else if (ACTIVATIONS.has(op)) {
      if (tail.activation) fail(node, `fused_ops [${ops}] has two activations`);
      tail.activation = op as Activation;
      if (op === 'Prelu') tail.alpha = args.shift() ?? fail(node, 'Prelu has no alpha argument');
    } else {
      fail(node, `fused op ${op} is not supported (BiasAdd and ${[...ACTIVATIONS].join(', ')} are)`);
    }
  }
  if (args.length) fail(node, `${args.length} fused argument(s) left unused by fused_ops [${ops}]`);
  return tail;
}

function applyTail(cx: Lowering, node: TfNode, y: Tensor, tail: FusedTail): Tensor {
  if (!tail.activation) return y;
  let alpha: Tensor | undefined;
  if (tail.activation === 'Prelu') alpha = nchwBroadcastHost(cx, cx.host(tail.alpha!, node, 'Prelu alpha'));
  return activate(cx, y, tail.activation, { alpha, leak: node.attrs.float('leakyrelu_alpha', 0.2) });
}

function convLike(depthwise: boolean, fused: boolean): OpMapper {
  return (cx, node, inputs) => {
    requireNhwc(node);
    if (inputs.length < 2) fail(node, 'expects an input and a filter');
    const [x, filter, ...extra] = inputs as [Value, Value, ...Value[]];
    if (!fused && extra.length) fail(node, `unexpected extra inputs (${extra.length})`);
    const [n, h, w, c] = imageShape(node, x);
    const f = cx.host(filter, node, 'the filter');
    if (f.shape.length !== 4) fail(node, `filter must be rank 4, got [${f.shape}]`);
    if (f.shape[2] !== c) fail(node, `filter expects ${f.shape[2]} input channels, the input has ${c}`);
    const weight = depthwise ? depthwiseToGrouped(f.data as Float32Array, f.shape) : { ...hwioToOihw(f.data as Float32Array, f.shape), group: 1 };
    const win: Window2d = { kernel: [f.shape[0]!, f.shape[1]!], strides: spatialPair(node, 'strides'), dilations: spatialPair(node, 'dilations') };
    const pads = onnxPads2d(paddingOf(node), [h, w], win, node.attrs.ints('explicit_paddings', []));
    const [oh, ow] = windowOutputHW([h, w], win, pads);
    const outC = weight.shape[0]!;
    const tail = fused ? fusedTail(node, extra) : {};
    const ins: Tensor[] = [cx.nchw(x, node.name), cx.g.constant(weight.data, weight.shape)];
    if (tail.bias) {
      const b = cx.host(tail.bias, node, 'the bias');
      if (b.data.length !== outC) fail(node, `bias has ${b.data.length} values for ${outC} output channels`);
      ins.push(cx.g.constant(b.data as Float32Array, [outC]));
    }
    const y = cx.g.op1('Conv', ins, f32([n, outC, oh, ow]), {
      kernel_shape: attr.ints(win.kernel),
      strides: attr.ints(win.strides),
      dilations: attr.ints(win.dilations),
      pads: attr.ints(pads),
      group: attr.int(weight.group),
    });
    return cx.fromNchw(applyTail(cx, node, y, tail));
  };
}

const maxPool: OpMapper = (cx, node, inputs) => {
  requireNhwc(node);
  expectInputs(node, inputs, 1);
  const x = inputs[0]!;
  const [n, h, w, c] = imageShape(node, x);
  const win: Window2d = { kernel: spatialPair(node, 'ksize'), strides: spatialPair(node, 'strides'), dilations: [1, 1] };
  // ONNX MaxPool ignores padded cells as TF does, so SAME needs no -inf padding of our own.
  const pads = onnxPads2d(paddingOf(node), [h, w], win, node.attrs.ints('explicit_paddings', []));
  const [oh, ow] = windowOutputHW([h, w], win, pads);
  const y = cx.g.op1('MaxPool', [cx.nchw(x, node.name)], f32([n, c, oh, ow]), {
    kernel_shape: attr.ints(win.kernel),
    strides: attr.ints(win.strides),
    pads: attr.ints(pads),
  });
  return cx.fromNchw(y);
};

const pad: OpMapper = (cx, node, inputs) => {
  if (inputs.length !== 2 && !(node.op === 'PadV2' && inputs.length === 3)) fail(node, 'expects an input and paddings');
  const [x, paddings, fill] = inputs as [Value, Value, Value?];
  const p = hostInts(cx.host(paddings, node, 'paddings'));
  const rank = x.shape.length;
  if (p.length !== 2 * rank) fail(node, `paddings has ${p.length} values for a rank-${rank} input`);
  const before = Array.from({ length: rank }, (_, i) => p[2 * i]!);
  const after = Array.from({ length: rank }, (_, i) => p[2 * i + 1]!);
  const shape = x.shape.map((d, i) => (before[i] === 0 && after[i] === 0 ? d : typeof d === 'number' ? d + before[i]! + after[i]! : fail(node, `cannot pad symbolic dim ${d}`)));
  const value = fill ? [cx.tf(fill)] : [];
  const mode = { mode: attr.string('constant') };
  if (rank === 4 && x.dtype === 'float32') {
    const perm = NHWC_TO_NCHW;
    const pads = [...perm.map((a) => before[a]!), ...perm.map((a) => after[a]!)];
    const t = cx.nchw(x, node.name);
    const y = cx.g.op1('Pad', [t, cx.g.constant(pads, [8], 'int64'), ...value], f32(perm.map((a) => shape[a]!)), mode);
    return cx.fromNchw(y);
  }
  const y = cx.g.op1('Pad', [cx.tf(x), cx.g.constant([...before, ...after], [2 * rank], 'int64'), ...value], { dtype: onnxDType(x.dtype), shape }, mode);
  return cx.fromTf(y, x.dtype, shape);
};

// ---- resampling ----------------------------------------------------------------------------------------------

/**
 * ResizeBilinear's sampling grid: half_pixel_centers maps output pixel centres onto input centres
 * ((x + 0.5)/scale − 0.5, ONNX half_pixel); align_corners maps the corner pixels onto each other;
 * neither is TF1's legacy x/scale (ONNX asymmetric).
 */
export function resizeCoordinateMode(alignCorners: boolean, halfPixelCenters: boolean): 'half_pixel' | 'align_corners' | 'asymmetric' {
  if (alignCorners && halfPixelCenters) throw new Error('ResizeBilinear: align_corners and half_pixel_centers cannot both be true');
  if (alignCorners) return 'align_corners';
  return halfPixelCenters ? 'half_pixel' : 'asymmetric';
}

const resizeBilinear: OpMapper = (cx, node, inputs) => {
  expectInputs(node, inputs, 2);
  const [x, sizeV] = inputs as [Value, Value];
  const [n, , , c] = imageShape(node, x);
  const size = hostInts(cx.host(sizeV, node, 'size'));
  if (size.length !== 2) fail(node, `size must hold [height, width], got [${size}]`);
  const mode = resizeCoordinateMode(node.attrs.bool('align_corners', false), node.attrs.bool('half_pixel_centers', false));
  // Full-rank sizes, not sizes for axes [2, 3]: ORT 1.30's transpose optimizer rewrites a Resize with the
  // axes attribute next to a Transpose into an invalid node ("sizes (0) does not match the number of axes").
  const outShape = [n, c, size[0]!, size[1]!];
  const y = cx.g.op1('Resize', [cx.nchw(x, node.name), null, null, cx.g.shapeTensor(outShape)], f32(outShape), {
    mode: attr.string('linear'),
    coordinate_transformation_mode: attr.string(mode),
  });
  return cx.fromNchw(y);
};

const depthToSpace: OpMapper = (cx, node, inputs) => {
  requireNhwc(node);
  expectInputs(node, inputs, 1);
  const x = inputs[0]!;
  const [n, h, w, c] = imageShape(node, x);
  const bs = node.attrs.int('block_size');
  if (c % (bs * bs) !== 0) fail(node, `${c} channels do not divide by block_size² = ${bs * bs}`);
  // TF's NHWC DepthToSpace reads the channel axis as (row, col, depth): ONNX's DCR order.
  const y = cx.g.op1('DepthToSpace', [cx.nchw(x, node.name)], f32([n, c / (bs * bs), h * bs, w * bs]), {
    blocksize: attr.int(bs),
    mode: attr.string('DCR'),
  });
  return cx.fromNchw(y);
};

// ---- shapes --------------------------------------------------------------------------------------------------

const concatV2: OpMapper = (cx, node, inputs) => {
  if (inputs.length < 2) fail(node, 'expects tensors and an axis');
  const parts = inputs.slice(0, -1);
  const [axisV] = inputs.slice(-1) as [Value];
  const rank = parts[0]!.shape.length;
  const axisRaw = hostInts(cx.host(axisV, node, 'axis'))[0]!;
  const axis = axisRaw < 0 ? axisRaw + rank : axisRaw;
  const dtype = parts[0]!.dtype;
  if (rank === 4 && dtype === 'float32' && parts.every((p) => cx.isNchw(p) || p.host)) {
    return cx.fromNchw(concat(parts.map((p) => cx.nchw(p, node.name)), nchwAxisOf(axis)));
  }
  const y = concat(parts.map((p) => cx.tf(p)), axis);
  const v = cx.fromTf(y, dtype);
  if (rank === 1 && parts.every((p) => p.known)) v.known = parts.flatMap((p) => p.known!);
  return v;
};

const shapeOp: OpMapper = (cx, node, inputs) => {
  expectInputs(node, inputs, 1);
  const x = inputs[0]!;
  const rank = x.shape.length;
  let y: Tensor;
  if (cx.isNchw(x)) {
    // Read the NCHW tensor's shape and put the dims back in NHWC order rather than transposing the data.
    const s = cx.g.op1('Shape', [x.nchw!], { dtype: 'int64', shape: [4] });
    y = cx.g.op1('Gather', [s, cx.g.constant([0, 2, 3, 1], [4], 'int64')], { dtype: 'int64', shape: [4] }, { axis: attr.int(0) });
  } else {
    y = cx.g.op1('Shape', [cx.tf(x)], { dtype: 'int64', shape: [rank] });
  }
  const v = cx.fromTf(y, 'int32', [rank]);
  v.known = [...x.shape];
  return v;
};

/** Python-style slice of a known list (TF StridedSlice semantics for one axis). */
function sliceList<T>(xs: readonly T[], begin: number | null, end: number | null, stride: number): T[] {
  const n = xs.length;
  const norm = (i: number) => (i < 0 ? i + n : i);
  const out: T[] = [];
  if (stride > 0) {
    const b = begin === null ? 0 : Math.max(0, Math.min(n, norm(begin)));
    const e = end === null ? n : Math.max(0, Math.min(n, norm(end)));
    for (let i = b; i < e; i += stride) out.push(xs[i]!);
  } else {
    const b = begin === null ? n - 1 : Math.max(-1, Math.min(n - 1, norm(begin)));
    const e = end === null ? -1 : Math.max(-1, Math.min(n - 1, norm(end)));
    for (let i = b; i > e; i += stride) out.push(xs[i]!);
  }
  return out;
}

const stridedSlice: OpMapper = (cx, node, inputs) => {
  expectInputs(node, inputs, 4);
  const [x, bV, eV, sV] = inputs as [Value, Value, Value, Value];
  const a = node.attrs;
  if (a.int('ellipsis_mask', 0) !== 0 || a.int('new_axis_mask', 0) !== 0) fail(node, 'ellipsis_mask and new_axis_mask are not supported');
  const begin = hostInts(cx.host(bV, node, 'begin'));
  const end = hostInts(cx.host(eV, node, 'end'));
  const strides = hostInts(cx.host(sV, node, 'strides'));
  const beginMask = a.int('begin_mask', 0);
  const endMask = a.int('end_mask', 0);
  const shrinkMask = a.int('shrink_axis_mask', 0);
  const k = begin.length;
  if (end.length !== k || strides.length !== k || k > x.shape.length) fail(node, 'begin, end and strides must have one entry per sliced axis');
  const starts: number[] = [];
  const ends: number[] = [];
  const shrink: number[] = [];
  for (let i = 0; i < k; i++) {
    const st = strides[i]!;
    if (st === 0) fail(node, 'stride 0');
    const isShrink = (shrinkMask >> i) & 1;
    if (isShrink) {
      // A shrunk axis takes exactly element begin[i], whatever end and the masks say.
      starts.push(begin[i]!);
      ends.push(begin[i] === -1 ? Infinity : begin[i]! + 1);
      shrink.push(i);
      if (st !== 1) fail(node, 'shrink_axis_mask with a stride other than 1');
      continue;
    }
    starts.push((beginMask >> i) & 1 ? (st > 0 ? 0 : -1) : begin[i]!);
    ends.push((endMask >> i) & 1 ? (st > 0 ? Infinity : -Infinity) : end[i]!);
  }
  let y = slice(cx.tf(x), starts, ends, Array.from({ length: k }, (_, i) => i), strides);
  if (shrink.length) y = squeeze(y, shrink);
  const v = cx.fromTf(y, x.dtype);
  if (x.known && x.shape.length === 1) {
    const b0 = begin[0]!;
    if (shrink.length) v.known = sliceList(x.known, b0, b0 === -1 ? null : b0 + 1, 1);
    else v.known = sliceList(x.known, beginMask & 1 ? null : b0, endMask & 1 ? null : end[0]!, strides[0]!);
  }
  return v;
};

const pack: OpMapper = (cx, node, inputs) => {
  if (inputs.length === 0) fail(node, 'no inputs');
  const first = inputs[0]!;
  for (const v of inputs) {
    if (v.shape.length !== first.shape.length || v.shape.some((d, i) => d !== first.shape[i])) fail(node, 'inputs must share one shape');
  }
  const rank = first.shape.length + 1;
  const axisRaw = node.attrs.int('axis', 0);
  const axis = axisRaw < 0 ? axisRaw + rank : axisRaw;
  const y = concat(inputs.map((v) => unsqueeze(cx.tf(v), axis)), axis);
  const v = cx.fromTf(y, first.dtype);
  if (first.shape.length === 0 && inputs.every((p) => p.known)) v.known = inputs.map((p) => p.known![0]!);
  return v;
};

const reshapeOp: OpMapper = (cx, node, inputs) => {
  expectInputs(node, inputs, 2);
  const [x, shapeV] = inputs as [Value, Value];
  if (shapeV.shape.length !== 1 || typeof shapeV.shape[0] !== 'number') fail(node, 'shape must be a 1-D tensor of static length');
  if (shapeV.known) {
    // A target known at conversion time (symbols included) becomes a constant shape; the Shape/Slice/Pack
    // chain that computed it is then unused and left out of the emitted model.
    return cx.fromTf(reshape(cx.tf(x), shapeV.known), x.dtype);
  }
  const out = Array.from({ length: shapeV.shape[0] }, () => cx.freshSymbol(`${node.name}_dim`));
  const y = cx.g.op1('Reshape', [cx.tf(x), cx.tf(shapeV)], { dtype: onnxDType(x.dtype), shape: out });
  return cx.fromTf(y, x.dtype);
};

const identity: OpMapper = (_cx, node, inputs) => {
  expectInputs(node, inputs, 1);
  return inputs[0]!;
};

export const OP_MAPPERS: Record<string, OpMapper> = {
  Identity: identity,
  Snapshot: identity,
  StopGradient: identity,
  Pad: pad,
  PadV2: pad,
  Conv2D: convLike(false, false),
  _FusedConv2D: convLike(false, true),
  DepthwiseConv2dNative: convLike(true, false),
  FusedDepthwiseConv2dNative: convLike(true, true),
  MaxPool: maxPool,
  ResizeBilinear: resizeBilinear,
  DepthToSpace: depthToSpace,
  ConcatV2: concatV2,
  Shape: shapeOp,
  StridedSlice: stridedSlice,
  Pack: pack,
  Reshape: reshapeOp,
  Relu: unary('Relu'),
  Relu6: unary('Relu6'),
  Elu: unary('Elu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  LeakyRelu: unary('LeakyRelu'),
  ...Object.fromEntries(Object.keys(BINARY).map((op) => [op, binary])),
};

/** dtype names of TF's DataType enum that appear on Placeholders. */
export function tfDTypeOf(type: string): TfDType {
  if (type === 'DT_FLOAT') return 'float32';
  if (type === 'DT_INT32') return 'int32';
  if (type === 'DT_BOOL') return 'bool';
  throw new Error(`tensor type ${type} is not supported (DT_FLOAT, DT_INT32 and DT_BOOL are)`);
}
