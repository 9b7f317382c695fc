/**
 * Finite-difference gradient checking: builds f in a float64 graph, compiles loss + grad() into one ONNX
 * model, and compares the analytic gradient with central differences computed by re-running the same session.
 * Used by the op tests here and by layer tests.
 */
import { type HostTensor, loadSession } from '../runtime';
import { grad } from './autodiff';
import { type DType, type FloatDType, type HostArray, isFloat, toTypedArray } from './dtype';
import { Graph, type Tensor } from './graph';
import { exp, mul } from './ops/elementwise';
import { reduceSum } from './ops/reduce';
import { mulberry32 } from './params';
import { emitModel } from './serialize';
import { type Dim, isStatic, numel } from './shape';

export interface GradCheckInput {
  dims: number[];
  data: ArrayLike<number>;
  /** Default float64 (the graph dtype); integer/bool inputs are fed but never differentiated. */
  type?: DType;
  /** Feed but do not differentiate (float inputs only). */
  constant?: boolean;
  /** Declared graph shape when it differs from `dims`: symbolic dims exercise the run-time shape paths. */
  shape?: Dim[];
}

export interface GradCheckOptions {
  /** Graph dtype; float64 unless an ORT kernel lacks double support. */
  dtype?: FloatDType;
  /** Finite-difference step (default 1e-6 for float64, 1e-2 for float32). */
  h?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
}

export interface GradCheckResult {
  /** Max |analytic − numeric| / (atol + rtol·|numeric|); ≤ 1 passes. */
  worst: number;
  maxAbsErr: number;
  /** ONNX op types in the checked graph (forward and backward). */
  ops: string[];
  /** Number of scalar partial derivatives compared. */
  checked: number;
  ok: boolean;
  details: string[];
}

export async function checkGradients(
  build: (g: Graph, xs: Record<string, Tensor>) => Tensor,
  inputs: Record<string, GradCheckInput>,
  opts: GradCheckOptions = {},
): Promise<GradCheckResult> {
  const dtype = opts.dtype ?? 'float64';
  const h = opts.h ?? (dtype === 'float64' ? 1e-6 : 1e-2);
  const atol = opts.atol ?? (dtype === 'float64' ? 1e-7 : 1e-3);
  const rtol = opts.rtol ?? (dtype === 'float64' ? 1e-6 : 2e-2);
  const g = new Graph({ dtype });
  const xs: Record<string, Tensor> = {};
  const wrt: string[] = [];
  for (const [name, spec] of Object.entries(inputs)) {
    const type = spec.type ?? dtype;
    xs[name] = g.input(name, spec.shape ?? spec.dims, type);
    if (isFloat(type) && !spec.constant) wrt.push(name);
  }
  const y = build(g, xs);
  let loss: Tensor;
  if (isStatic(y.shape)) {
    // Random output weights make every output element (and its sign) matter to the scalar loss.
    const rand = mulberry32(opts.seed ?? 7);
    const w = Array.from({ length: numel(y.shape) }, () => rand() * 2 - 1);
    loss = reduceSum(mul(y, g.constant(w, y.shape, y.dtype)));
  } else {
    // Symbolic output shape: a fixed nonlinear read-out, Σ y·exp(−y/2), still weights elements differently.
    loss = reduceSum(mul(y, exp(mul(y, -0.5))));
  }
  const grads = grad(loss, wrt.map((n) => xs[n]!));
  const outputs: Record<string, Tensor> = { loss };
  wrt.forEach((n, i) => (outputs[`grad_${n}`] = grads[i]!));
  const model = emitModel(g, outputs, { name: 'gradcheck', keepInputs: Object.values(xs) });
  const ops = [...new Set(decodeOps(g, outputs))].sort();
  const session = await loadSession(model.bytes, { key: `gradcheck:${Math.random()}` });
  try {
    const feeds: Record<string, HostTensor> = {};
    for (const [name, spec] of Object.entries(inputs)) {
      const type = spec.type ?? dtype;
      feeds[name] = { type, data: toTypedArray(type, spec.data as ArrayLike<number>), dims: spec.dims };
    }
    const base = await session.run(feeds);
    const lossAt = async (): Promise<number> => Number((await session.run(feeds, ['loss'])).loss!.data[0]);
    let worst = 0;
    let maxAbsErr = 0;
    let checked = 0;
    const details: string[] = [];
    for (const n of wrt) {
      const arr = feeds[n]!.data as Float64Array | Float32Array;
      const analytic = base[`grad_${n}`]!.data as HostArray;
      for (let i = 0; i < arr.length; i++) {
        const x0 = arr[i]!;
        arr[i] = x0 + h;
        const lp = await lossAt();
        arr[i] = x0 - h;
        const lm = await lossAt();
        arr[i] = x0;
        const numeric = (lp - lm) / (2 * h);
        const a = Number(analytic[i]);
        const err = Math.abs(a - numeric);
        const score = err / (atol + rtol * Math.abs(numeric));
        checked++;
        maxAbsErr = Math.max(maxAbsErr, err);
        if (!(score <= worst)) worst = Number.isNaN(score) ? Infinity : Math.max(worst, score);
        if (!(score <= 1) && details.length < 8) details.push(`${n}[${i}]: analytic ${a} vs numeric ${numeric}`);
      }
    }
    return { worst, maxAbsErr, ops, checked, ok: worst <= 1, details };
  } finally {
    await session.release();
  }
}

/** Op types of the nodes the outputs depend on. */
function decodeOps(g: Graph, outputs: Record<string, Tensor>): string[] {
  const seen = new Set<number>();
  const ops: string[] = [];
  const stack = Object.values(outputs);
  while (stack.length) {
    const t = stack.pop()!;
    if (t.source.kind !== 'node' || seen.has(t.source.node.id)) continue;
    seen.add(t.source.node.id);
    ops.push(t.source.node.op);
    for (const i of t.source.node.inputs) if (i) stack.push(i);
  }
  void g;
  return ops;
}
