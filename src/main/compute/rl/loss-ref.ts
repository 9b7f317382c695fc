/**
 * Float64 reference of the HyGRPO objective in `loss.ts` (no graph, no runtime): plain loops over rows and
 * tokens, the Gaussian terms from `gaussian-ref.ts`. What the graph is tested against, and readable as the
 * definition. Layouts: [B, T] arrays row-major; poses [B, 3J]; Cholesky blocks [B, J, 3] laid end to end.
 */
import { type BlockCholesky, kl as gaussianKl, logDensity } from '../models/policy/gaussian-ref';
import type { HyGRPOLossOptions } from './loss';
import { DEFAULT_KL_LOG_RATIO_CLAMP, DEFAULT_POSE_LOG_RATIO_CLAMP } from './ratio-clamps';

export interface TextBranchRef {
  B: number;
  T: number;
  logProbs: ArrayLike<number>;
  oldLogProbs: ArrayLike<number>;
  refLogProbs: ArrayLike<number>;
  mask: ArrayLike<number>;
  advantages: ArrayLike<number>;
}

export interface PoseBranchRef {
  /** Joints per pose. */
  J: number;
  mu: ArrayLike<number>;
  chol: BlockCholesky;
  x: ArrayLike<number>;
  oldLogDensity: ArrayLike<number>;
  refMu: ArrayLike<number>;
  refChol: BlockCholesky;
  /** One σ-scale for all rows, or one per row. */
  scale: number | ArrayLike<number>;
  valid: ArrayLike<number>;
  advantages: ArrayLike<number>;
}

export interface HyGRPOTermsRef {
  loss: number;
  textSurrogate: number;
  klText: number;
  clipFracText: number;
  ratioText: number;
  pose?: { surrogate: number; kl: number; clipFrac: number; ratio: number; clampFrac: number };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** min(r·A, clip(r)·A) and whether the clipped term is taken. */
export function clippedSurrogateRef(r: number, a: number, lo: number, hi: number): { value: number; clipped: boolean } {
  return { value: Math.min(r * a, clamp(r, 1 - lo, 1 + hi) * a), clipped: (a > 0 && r > 1 + hi) || (a < 0 && r < 1 - lo) };
}

/** k3 = exp(δ) − δ − 1, δ clamped to ±c. */
export function k3Ref(logRatio: number, c = DEFAULT_KL_LOG_RATIO_CLAMP): number {
  const d = clamp(logRatio, -c, c);
  return Math.exp(d) - d - 1;
}

/** log π(target) from logits [B, T, V] at a temperature, row-major, [B·T]. */
export function tokenLogProbsRef(logits: ArrayLike<number>, targets: ArrayLike<number>, V: number, temperature = 1): Float64Array {
  const n = targets.length;
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, logits[p * V + v]! / temperature);
    let s = 0;
    for (let v = 0; v < V; v++) s += Math.exp(logits[p * V + v]! / temperature - max);
    out[p] = logits[p * V + Number(targets[p])]! / temperature - max - Math.log(s);
  }
  return out;
}

/** Σ x·w / max(Σ w, 1), as maskedAverage. */
function weighted(values: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < w.length; i++) {
    ws += w[i]!;
    if (w[i]! !== 0) s += values[i]! * w[i]!;
  }
  return s / Math.max(ws, 1);
}

function blocksOf(chol: BlockCholesky, b: number, J: number): BlockCholesky {
  const n = J * 3;
  return { diag: Array.prototype.slice.call(chol.diag, b * n, (b + 1) * n), off: Array.prototype.slice.call(chol.off, b * n, (b + 1) * n) };
}

export function hygrpoLossRef(text: TextBranchRef, pose: PoseBranchRef | null, o: HyGRPOLossOptions): HyGRPOTermsRef {
  const { B, T } = text;
  const klClamp = o.klLogRatioClamp ?? DEFAULT_KL_LOG_RATIO_CLAMP;
  const surr = new Float64Array(B * T);
  const kls = new Float64Array(B * T);
  const clipped = new Float64Array(B * T);
  const ratios = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const p = b * T + t;
      if (!(text.mask[p]! > 0)) continue;
      const r = Math.exp(text.logProbs[p]! - text.oldLogProbs[p]!);
      const s = clippedSurrogateRef(r, text.advantages[b]!, o.clipLow, o.clipHigh);
      surr[p] = s.value;
      clipped[p] = s.clipped ? 1 : 0;
      ratios[p] = r;
      kls[p] = k3Ref(text.refLogProbs[p]! - text.logProbs[p]!, klClamp);
    }
  }
  const textSurrogate = weighted(surr, text.mask);
  const klText = weighted(kls, text.mask);
  const out: HyGRPOTermsRef = {
    loss: 0,
    textSurrogate,
    klText,
    clipFracText: weighted(clipped, text.mask),
    ratioText: weighted(ratios, text.mask),
  };
  let objective = textSurrogate - o.betaText * klText;
  if (!o.plainGrpo) {
    if (!pose) throw new Error('hygrpoLossRef: the pose branch is required unless plainGrpo is set');
    const c = o.poseLogRatioClamp ?? DEFAULT_POSE_LOG_RATIO_CLAMP;
    const k = pose.J * 3;
    const n = pose.valid.length;
    const ps = new Float64Array(n);
    const pk = new Float64Array(n);
    const pc = new Float64Array(n);
    const pr = new Float64Array(n);
    const pclamp = new Float64Array(n);
    for (let b = 0; b < n; b++) {
      if (!(pose.valid[b]! > 0)) continue;
      const row = (a: ArrayLike<number>): number[] => Array.prototype.slice.call(a, b * k, (b + 1) * k);
      const chol = blocksOf(pose.chol, b, pose.J);
      const s = typeof pose.scale === 'number' ? pose.scale : pose.scale[b]!;
      const raw = logDensity(row(pose.mu), chol, row(pose.x), s) - pose.oldLogDensity[b]!;
      const r = Math.exp(clamp(raw, -c, c));
      const sv = clippedSurrogateRef(r, pose.advantages[b]!, o.clipLow, o.clipHigh);
      ps[b] = sv.value;
      pc[b] = sv.clipped ? 1 : 0;
      pr[b] = r;
      pclamp[b] = Math.abs(raw) > c ? 1 : 0;
      pk[b] = gaussianKl(row(pose.mu), chol, row(pose.refMu), blocksOf(pose.refChol, b, pose.J));
    }
    const surrogate = weighted(ps, pose.valid);
    const kl = weighted(pk, pose.valid);
    objective += surrogate - o.betaPose * kl;
    out.pose = { surrogate, kl, clipFrac: weighted(pc, pose.valid), ratio: weighted(pr, pose.valid), clampFrac: weighted(pclamp, pose.valid) };
  }
  out.loss = -objective;
  return out;
}
