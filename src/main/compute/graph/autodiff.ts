import { isFloat } from './dtype';
import type { Node, Tensor } from './graph';
import { add } from './ops/elementwise';
import { zerosLike } from './ops/elementwise';
import { fmtShape, shapeEq } from './shape';

/**
 * A vector–Jacobian rule: given the node and the gradients flowing into its outputs (null where none),
 * returns one gradient per input (null for inputs that get none). `needs[i]` says whether input i's gradient
 * is wanted, so rules can skip building unused branches.
 */
export type GradRule = (node: Node, dys: readonly (Tensor | null)[], needs: readonly boolean[]) => (Tensor | null)[];

const rules = new Map<string, GradRule>();

/** Registers the vector–Jacobian rule for an ONNX op type (one rule per op). */
export function registerGradient(op: string, rule: GradRule): void {
  if (rules.has(op)) throw new Error(`gradient for ${op} already registered`);
  rules.set(op, rule);
}

export function hasGradient(op: string): boolean {
  return rules.has(op);
}

export function registeredGradients(): string[] {
  return [...rules.keys()].sort();
}

/**
 * Wraps a composite whose backward pass is written by hand: `forward` runs on gradient-stopped copies of
 * `inputs` (so autodiff never walks its internals) and `vjp(dy, y)` returns one gradient per input (null for
 * none). The forward's intermediate tensors may be reused inside `vjp`.
 */
export function customGradient(
  inputs: readonly Tensor[],
  forward: (xs: Tensor[]) => Tensor,
  vjp: (dy: Tensor, y: Tensor) => (Tensor | null)[],
): Tensor {
  if (inputs.length === 0) throw new Error('customGradient: no inputs');
  const g = inputs[0]!.graph;
  const stopped = inputs.map((t) => g.op1('Identity', [t], { dtype: t.dtype, shape: t.shape }, {}, { noGrad: true }));
  const y0 = forward(stopped);
  return g.op1('Identity', [y0], { dtype: y0.dtype, shape: y0.shape }, {}, { custom: { inputs, vjp } });
}

export class GradientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradientError';
  }
}

export interface GradOptions {
  /** Upstream gradient for a non-scalar loss (default: ones, i.e. the gradient of sum(loss)). */
  seed?: Tensor;
}

/**
 * Reverse-mode gradients of `loss` with respect to each tensor in `wrt`, added to the same graph.
 * Tensors in `wrt` that the loss does not depend on get zeros. Asking for the gradient of an integer or bool
 * tensor, or through an op without a registered rule, throws GradientError.
 */
export function grad(loss: Tensor, wrt: readonly Tensor[], opts: GradOptions = {}): Tensor[] {
  const g = loss.graph;
  if (!isFloat(loss.dtype)) throw new GradientError(`grad: loss must be float, got ${loss}`);
  for (const w of wrt) {
    if (w.graph !== g) throw new GradientError(`grad: ${w} belongs to another graph`);
    if (!isFloat(w.dtype)) throw new GradientError(`grad: cannot differentiate with respect to non-float ${w}`);
  }
  // Forward sweep: which tensors depend (differentiably) on some wrt tensor.
  const reach = new Set<Tensor>(wrt);
  const lossNodeId = loss.source.kind === 'node' ? loss.source.node.id : -1;
  const onPath: Node[] = [];
  for (const n of g.nodes) {
    if (n.id > lossNodeId) break;
    if (n.noGrad) continue;
    const srcs = n.custom ? n.custom.inputs : n.inputs;
    if (!srcs.some((i) => i && reach.has(i))) continue;
    onPath.push(n);
    for (const o of n.outputs) if (isFloat(o.dtype)) reach.add(o);
  }

  const contributions = new Map<Tensor, Tensor[]>();
  const push = (t: Tensor, dt: Tensor): void => {
    if (!shapeEq(t.shape, dt.shape)) {
      throw new GradientError(`gradient for ${t} has shape ${fmtShape(dt.shape)}`);
    }
    const list = contributions.get(t);
    if (list) list.push(dt);
    else contributions.set(t, [dt]);
  };
  const total = (t: Tensor): Tensor | null => {
    const list = contributions.get(t);
    if (!list || list.length === 0) return null;
    const sum = list.length === 1 ? list[0]! : list.reduce((a, b) => add(a, b));
    contributions.set(t, [sum]);
    return sum;
  };

  if (reach.has(loss)) {
    let seed = opts.seed;
    if (seed && !shapeEq(seed.shape, loss.shape)) throw new GradientError(`grad: seed shape ${fmtShape(seed.shape)} ≠ loss ${fmtShape(loss.shape)}`);
    if (!seed) seed = loss.rank === 0 ? g.scalar(1, loss.dtype) : add(zerosLike(loss), 1);
    push(loss, seed);
  }

  for (let k = onPath.length - 1; k >= 0; k--) {
    const n = onPath[k]!;
    const dys = n.outputs.map((o) => total(o));
    if (dys.every((d) => d === null)) continue;
    if (n.custom) {
      const dxs = n.custom.vjp(dys[0]!, n.outputs[0]!);
      n.custom.inputs.forEach((inp, i) => {
        const dx = dxs[i];
        if (reach.has(inp) && dx) push(inp, dx);
      });
      continue;
    }
    const rule = rules.get(n.op);
    if (!rule) throw new GradientError(`no gradient registered for op ${n.op} (node ${n.op}_${n.id})`);
    const needs = n.inputs.map((i) => !!i && reach.has(i));
    const dxs = rule(n, dys, needs);
    n.inputs.forEach((inp, i) => {
      const dx = dxs[i];
      if (inp && needs[i] && dx) push(inp, dx);
    });
  }
  return wrt.map((w) => total(w) ?? zerosLike(w));
}
