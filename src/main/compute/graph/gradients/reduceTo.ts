import type { Tensor } from '../graph';
import { reduceSum } from '../ops/reduce';
import { reshape } from '../ops/shape';
import { type Shape, ShapeError, fmtShape } from '../shape';

/** Sums a broadcast gradient back down to an operand's shape (numpy broadcasting in reverse). */
export function sumToShape(dy: Tensor, shape: Shape): Tensor {
  const lead = dy.rank - shape.length;
  if (lead < 0) throw new ShapeError(`sumToShape: ${dy} has lower rank than ${fmtShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < lead; i++) axes.push(i);
  shape.forEach((d, i) => {
    const o = dy.shape[lead + i]!;
    if (d === o) return;
    if (d === 1) axes.push(lead + i);
    else throw new ShapeError(`sumToShape: cannot reduce ${fmtShape(dy.shape)} to ${fmtShape(shape)}`);
  });
  if (axes.length === 0) return dy;
  return reshape(reduceSum(dy, axes, true), shape);
}
