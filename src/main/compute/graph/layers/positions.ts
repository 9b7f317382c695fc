import { attr, type Graph, type Tensor } from '../graph';
import type { Dim } from '../shape';

/** Run-time length of axis `axis` of `x` as an int64 scalar (a constant when the dim is static). */
export function axisLength(x: Tensor, axis: number): Tensor {
  const g = x.graph;
  const a = axis < 0 ? x.rank + axis : axis;
  const d = x.shape[a]!;
  if (typeof d === 'number') return g.scalar(d, 'int64');
  const s = g.op1('Shape', [x], { dtype: 'int64', shape: [1] }, { start: attr.int(a), end: attr.int(a + 1) });
  return g.op1('Squeeze', [s], { dtype: 'int64', shape: [] });
}

/**
 * Positions start, start+1, …, start+len-1 as int64 [len]. `start` null means 0; with a static length that
 * is a constant, otherwise a Range node.
 */
export function positionRange(g: Graph, start: Tensor | null, len: Dim, lenTensor?: Tensor): Tensor {
  if (start === null && typeof len === 'number') {
    return g.constant(Array.from({ length: len }, (_, i) => i), [len], 'int64');
  }
  const n = lenTensor ?? (typeof len === 'number' ? g.scalar(len, 'int64') : null);
  if (!n) throw new Error(`positionRange: symbolic length ${len} needs its run-time value`);
  const s = start ?? g.scalar(0, 'int64');
  const end = g.op1('Add', [s, n], { dtype: 'int64', shape: [] });
  return g.op1('Range', [s, end, g.scalar(1, 'int64')], { dtype: 'int64', shape: [len] });
}
