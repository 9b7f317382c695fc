import { type Attr, Tensor, attr } from '../graph';
import { type Dim, type Shape, ShapeError, dimDivide, dimProduct, fmtShape, normAxis } from '../shape';
import { axesOf } from './util';

const INT64_MAX = 9223372036854775807n;

/**
 * Reshape. Target dims may be numbers, symbols, or one -1 (inferred, symbolic products included).
 * When at most one dim is symbolic it is emitted as -1 so the shape stays a constant ORT can fold.
 */
export function reshape(x: Tensor, target: readonly Dim[]): Tensor {
  const g = x.graph;
  const minus = target.filter((d) => d === -1).length;
  if (minus > 1) throw new ShapeError('reshape: at most one -1');
  let out: Dim[] = [...target];
  if (minus === 1) {
    const known = dimProduct(target.filter((d) => d !== -1));
    out = target.map((d) => (d === -1 ? dimDivide(dimProduct(x.shape), known) : d));
  } else if (dimProduct(out) !== dimProduct(x.shape)) {
    throw new ShapeError(`reshape: ${fmtShape(x.shape)} has ${dimProduct(x.shape)} elements, target ${fmtShape(target)} has ${dimProduct(out)}`);
  }
  if (out.length === x.rank && out.every((d, i) => d === x.shape[i])) return x;
  const symbolic = out.map((d, i) => (typeof d === 'string' ? i : -1)).filter((i) => i >= 0);
  let shapeT: Tensor;
  if (symbolic.length <= 1) {
    shapeT = g.constant(out.map((d) => (typeof d === 'string' ? -1 : d)), [out.length], 'int64');
  } else {
    const free = symbolic[symbolic.length - 1]!;
    shapeT = g.shapeTensor(out.map((d, i) => (i === free ? -1 : d)));
  }
  return g.op1('Reshape', [x, shapeT], { dtype: x.dtype, shape: out });
}

/** Reshape to the (run-time) shape of `like` (same element count). */
export function reshapeAs(x: Tensor, like: Tensor): Tensor {
  if (x.rank === like.rank && x.shape.every((d, i) => d === like.shape[i])) return x;
  const g = x.graph;
  const symbolic = like.shape.filter((d) => typeof d === 'string').length;
  if (symbolic <= 1 || like.shape.every((d) => g.canResolve(d))) return reshape(x, like.shape);
  return g.op1('Reshape', [x, g.shapeTensorOf(like)], { dtype: x.dtype, shape: like.shape });
}

export function flatten2d(x: Tensor): Tensor {
  return reshape(x, [-1, x.shape[x.rank - 1]!]);
}

export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ? perm.map((a) => normAxis(a, x.rank)) : Array.from({ length: x.rank }, (_, i) => x.rank - 1 - i);
  if (p.length !== x.rank || new Set(p).size !== p.length) throw new ShapeError(`transpose: bad perm [${p}] for ${x}`);
  if (p.every((a, i) => a === i)) return x;
  return x.graph.op1('Transpose', [x], { dtype: x.dtype, shape: p.map((a) => x.shape[a]!) }, { perm: attr.ints(p) });
}

/** Swaps the last two axes. */
export function transposeLast2(x: Tensor): Tensor {
  const p = Array.from({ length: x.rank }, (_, i) => i);
  p[x.rank - 1] = x.rank - 2;
  p[x.rank - 2] = x.rank - 1;
  return transpose(x, p);
}

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new Error('concat: no tensors');
  if (xs.length === 1) return xs[0]!;
  const first = xs[0]!;
  const a = normAxis(axis, first.rank);
  for (const t of xs) {
    if (t.rank !== first.rank || t.dtype !== first.dtype || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(`concat: incompatible ${t} and ${first} on axis ${a}`);
    }
  }
  const shape = [...first.shape];
  const along = xs.map((t) => t.shape[a]!);
  shape[a] = along.every((d) => typeof d === 'number') ? (along as number[]).reduce((s, d) => s + d, 0) : along.join('+');
  return first.graph.op1('Concat', xs, { dtype: first.dtype, shape }, { axis: attr.int(a) });
}

/**
 * Static slice: x[starts:ends:steps] on `axes` (default 0..n-1). Ends beyond the dim clamp as in numpy;
 * a symbolic dim can only be taken whole (start 0, end omitted/Infinity) or by static offsets from the front.
 */
export function slice(
  x: Tensor,
  starts: readonly number[],
  ends: readonly number[],
  axes?: readonly number[],
  steps?: readonly number[],
): Tensor {
  const g = x.graph;
  const ax = (axes ?? starts.map((_, i) => i)).map((a) => normAxis(a, x.rank));
  const st = steps ?? ax.map(() => 1);
  const shape: Dim[] = [...x.shape];
  const norm = { starts: [] as number[], ends: [] as number[] };
  ax.forEach((a, k) => {
    const d = x.shape[a]!;
    const step = st[k]!;
    if (step !== 1 && step !== -1 && typeof d !== 'number') throw new ShapeError('slice: steps need static dims');
    let s = starts[k]!;
    let e = ends[k]!;
    if (typeof d === 'number') {
      const clampS = (v: number): number => (v < 0 ? Math.max(v + d, step > 0 ? 0 : -1) : Math.min(v, step > 0 ? d : d - 1));
      s = clampS(s);
      e = e === Infinity ? (step > 0 ? d : -1) : e === -Infinity ? -1 : clampS(e);
      const len = step > 0 ? Math.max(0, Math.ceil((e - s) / step)) : Math.max(0, Math.ceil((s - e) / -step));
      shape[a] = len;
      norm.starts.push(s);
      norm.ends.push(step < 0 && e === -1 ? -Number.MAX_SAFE_INTEGER : e);
    } else {
      if (step !== 1 || s < 0) throw new ShapeError(`slice: symbolic dim ${d} needs step 1 and start ≥ 0`);
      if (e === Infinity) shape[a] = s === 0 ? d : `${d}-${s}`;
      else if (e >= 0) shape[a] = e - s;
      else throw new ShapeError(`slice: negative end on symbolic dim ${d}`);
      norm.starts.push(s);
      norm.ends.push(e);
    }
  });
  const i64 = (v: number[]): Tensor =>
    g.constant(BigInt64Array.from(v.map((n) => (n === Infinity ? INT64_MAX : BigInt(Math.trunc(n))))), [v.length], 'int64');
  return g.op1('Slice', [x, i64(norm.starts), i64(norm.ends), i64(ax), i64([...st])], { dtype: x.dtype, shape });
}

/** Splits along `axis` into pieces of the given static sizes. */
export function split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  const g = x.graph;
  const a = normAxis(axis, x.rank);
  const d = x.shape[a]!;
  const total = sizes.reduce((s, n) => s + n, 0);
  if (typeof d === 'number' && d !== total) throw new ShapeError(`split: sizes sum to ${total}, dim is ${d}`);
  if (typeof d !== 'number') throw new ShapeError(`split: axis ${a} of ${x} must be static`);
  const outs = sizes.map((n) => ({ dtype: x.dtype, shape: x.shape.map((v, i) => (i === a ? n : v)) }));
  return g.addNode('Split', [x, g.constant(sizes, [sizes.length], 'int64')], outs, { axis: attr.int(a) });
}

export function squeeze(x: Tensor, axes: number | readonly number[]): Tensor {
  const ax = axesOf(axes, x.rank);
  for (const a of ax) if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${x} is not 1`);
  const shape = x.shape.filter((_, i) => !ax.includes(i));
  return x.graph.op1('Squeeze', [x, x.graph.constant(ax, [ax.length], 'int64')], { dtype: x.dtype, shape });
}

export function unsqueeze(x: Tensor, axes: number | readonly number[]): Tensor {
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const outRank = x.rank + list.length;
  const ax = axesOf(list, outRank);
  const shape: Dim[] = [];
  let k = 0;
  for (let i = 0; i < outRank; i++) shape.push(ax.includes(i) ? 1 : x.shape[k++]!);
  return x.graph.op1('Unsqueeze', [x, x.graph.constant(ax, [ax.length], 'int64')], { dtype: x.dtype, shape });
}

function expandShape(x: Tensor, shape: Shape): Dim[] {
  const n = Math.max(x.rank, shape.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const dx = i < n - x.rank ? 1 : x.shape[i - (n - x.rank)]!;
    const ds = i < n - shape.length ? 1 : shape[i - (n - shape.length)]!;
    if (dx === ds || ds === 1) out.push(dx);
    else if (dx === 1) out.push(ds);
    else throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  }
  return out;
}

/** Broadcasts x to `shape` (numpy rules). */
export function expand(x: Tensor, shape: Shape): Tensor {
  const out = expandShape(x, shape);
  if (out.length === x.rank && out.every((d, i) => d === x.shape[i])) return x;
  return x.graph.op1('Expand', [x, x.graph.shapeTensor(shape)], { dtype: x.dtype, shape: out });
}

/** Broadcasts x to the (run-time) shape of `like`. */
export function expandAs(x: Tensor, like: Tensor): Tensor {
  if (x.rank === like.rank && x.shape.every((d, i) => d === like.shape[i])) return x;
  const out = expandShape(x, like.shape);
  return x.graph.op1('Expand', [x, x.graph.shapeTensorOf(like)], { dtype: x.dtype, shape: out });
}

/** numpy take: data.shape[:axis] + indices.shape + data.shape[axis+1:]. Indices are int32/int64. */
export function gather(data: Tensor, indices: Tensor, axis = 0): Tensor {
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') throw new Error(`gather: indices must be integers, got ${indices}`);
  const a = normAxis(axis, data.rank);
  const shape = [...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)];
  return data.graph.op1('Gather', [data, indices], { dtype: data.dtype, shape }, { axis: attr.int(a) });
}

/** out[i][j] = data[index[i][j]][j] style gather along `axis` (indices have the output's shape). */
export function gatherElements(data: Tensor, indices: Tensor, axis: number): Tensor {
  const a = normAxis(axis, data.rank);
  if (indices.rank !== data.rank) throw new ShapeError('gatherElements: indices must have the data rank');
  return data.graph.op1('GatherElements', [data, indices], { dtype: data.dtype, shape: indices.shape }, { axis: attr.int(a) });
}

/** Copy of `data` with `updates` added (reduction 'add') or written at `indices` (last dim = index depth). */
export function scatterND(data: Tensor, indices: Tensor, updates: Tensor, reduction: 'none' | 'add' = 'none'): Tensor {
  const attrs: Record<string, Attr> = reduction === 'none' ? {} : { reduction: attr.string(reduction) };
  return data.graph.op1('ScatterND', [data, indices, updates], { dtype: data.dtype, shape: data.shape }, attrs);
}

export function scatterElements(data: Tensor, indices: Tensor, updates: Tensor, axis: number, reduction: 'none' | 'add' = 'none'): Tensor {
  const attrs: Record<string, ReturnType<typeof attr.int>> = { axis: attr.int(normAxis(axis, data.rank)) };
  if (reduction !== 'none') attrs.reduction = attr.string(reduction);
  return data.graph.op1('ScatterElements', [data, indices, updates], { dtype: data.dtype, shape: data.shape }, attrs);
}

/** Run-time shape as an int64 vector. */
export function shapeOf(x: Tensor): Tensor {
  return x.graph.op1('Shape', [x], { dtype: 'int64', shape: [x.rank] });
}
