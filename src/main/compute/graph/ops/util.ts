import { type DType, isFloat } from '../dtype';
import { type Graph, Tensor } from '../graph';
import { type Shape, broadcastShapes, normAxis } from '../shape';

export type TensorLike = Tensor | number;

/** The graph of the first tensor among the operands. */
export function graphOf(...xs: TensorLike[]): Graph {
  for (const x of xs) if (x instanceof Tensor) return x.graph;
  throw new Error('op needs at least one tensor operand');
}

/** Number literals become scalar constants of the other operand's dtype. */
export function lift(x: TensorLike, like: DType, g: Graph): Tensor {
  return x instanceof Tensor ? x : g.scalar(x, like);
}

export function binaryOperands(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor, Shape] {
  const g = graphOf(a, b);
  const dtype = a instanceof Tensor ? a.dtype : (b as Tensor).dtype;
  const ta = lift(a, dtype, g);
  const tb = lift(b, dtype, g);
  if (ta.dtype !== tb.dtype) throw new Error(`${op}: dtype mismatch ${ta} vs ${tb}`);
  return [ta, tb, broadcastShapes(ta.shape, tb.shape)];
}

export function axesOf(axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  return [...new Set(list.map((a) => normAxis(a, rank)))].sort((a, b) => a - b);
}

export function assertFloat(t: Tensor, op: string): void {
  if (!isFloat(t.dtype)) throw new Error(`${op}: expects a float tensor, got ${t}`);
}
