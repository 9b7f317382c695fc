import { Graph } from '../graph/graph';
import { add, relu } from '../graph/ops/elementwise';
import { matmul } from '../graph/ops/linalg';
import { emitModel } from '../graph/serialize';
import { f32, loadSession } from '../runtime';

export interface SelfTestResult {
  ok: boolean;
  ms: number;
  detail: string;
}

// Fixed weights with mixed signs so that relu clips some outputs and not others.
const X = [0.5, -1.0, 2.0, 1.5, 0.25, -0.75];
const W = [0.2, -0.4, 0.6, 1.0, -0.3, 0.5, -0.8, 0.25, 0.9, 0.1, 0.05, -0.6];
const B = [0.1, -0.2, 0.3, -0.05];
const N = 2;
const K = 3;
const M = 4;
const TOLERANCE = 1e-5;

/** y = relu(x·W + b) on the host, in float64: the reference the compiled graph must match. */
export function hostReference(x: readonly number[], w: readonly number[], b: readonly number[], n: number, k: number, m: number): number[] {
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = b[j]!;
      for (let t = 0; t < k; t++) s += x[i * k + t]! * w[t * m + j]!;
      y.push(Math.max(0, s));
    }
  }
  return y;
}

/**
 * Proves the whole compute path at start-up: the graph builder emits a tiny ONNX model, the runtime
 * façade loads and runs it, and the numbers match a host computation.
 */
export async function runSelfTest(): Promise<SelfTestResult> {
  const start = performance.now();
  const ms = (): number => Math.round((performance.now() - start) * 100) / 100;
  try {
    const g = new Graph();
    const x = g.input('x', [N, K]);
    const y = relu(add(matmul(x, g.constant(W, [K, M])), g.constant(B, [M])));
    const model = emitModel(g, { y }, { name: 'self_test' });
    const session = await loadSession(model.bytes, { key: 'compute-self-test' });
    const out = await session.run({ x: f32(X, [N, K]) });
    const got = out.y;
    if (!got) return { ok: false, ms: ms(), detail: 'the model produced no output "y"' };
    const want = hostReference(X, W, B, N, K, M);
    if (got.dims.join('x') !== `${N}x${M}`) {
      return { ok: false, ms: ms(), detail: `output shape [${got.dims.join(', ')}], expected [${N}, ${M}]` };
    }
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(Number(got.data[i]) - want[i]!));
    const ok = worst <= TOLERANCE;
    const providers = session.providers.join('+');
    return {
      ok,
      ms: ms(),
      detail: ok
        ? `relu(x·W + b) on ${providers}: ${want.length} values match the host within ${TOLERANCE} (max error ${worst.toExponential(2)})`
        : `relu(x·W + b) on ${providers}: max error ${worst} exceeds ${TOLERANCE}`,
    };
  } catch (e) {
    return { ok: false, ms: ms(), detail: `self-test failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
