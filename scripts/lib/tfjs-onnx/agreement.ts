/**
 * How closely a converted model's output follows the reference: the per-element rule
 * |onnx − ref| ≤ tol · max(1, |ref|), i.e. relative for large values and absolute (tol) near zero, where a
 * relative bound would demand more than float32 can give.
 */
export interface Agreement {
  /** Largest |onnx − ref|. */
  maxAbs: number;
  /** Largest |onnx − ref| / max(1, |ref|): the smallest tol the output passes. */
  maxScaled: number;
  /** Element where maxScaled occurs, with both values. */
  worst: { index: number; onnx: number; ref: number };
  /** Largest |ref| (the output's scale, for reading maxAbs). */
  refMax: number;
}

export function agreement(onnx: ArrayLike<number>, ref: ArrayLike<number>): Agreement {
  if (onnx.length !== ref.length) throw new Error(`outputs differ in size: ${onnx.length} vs ${ref.length} elements`);
  const a: Agreement = { maxAbs: 0, maxScaled: 0, worst: { index: -1, onnx: NaN, ref: NaN }, refMax: 0 };
  for (let i = 0; i < ref.length; i++) {
    const x = onnx[i]!;
    const r = ref[i]!;
    const d = Math.abs(x - r);
    let scaled: number;
    if (Object.is(x, r) || x === r) scaled = 0; // equal values, equal infinities, and NaN against NaN
    else if (!Number.isFinite(x) || !Number.isFinite(r)) scaled = Infinity; // a NaN or Inf on one side only fails
    else scaled = d / Math.max(1, Math.abs(r));
    if (Number.isFinite(d)) a.maxAbs = Math.max(a.maxAbs, d);
    if (a.worst.index < 0 || scaled > a.maxScaled) {
      a.maxScaled = scaled;
      a.worst = { index: i, onnx: x, ref: r };
    }
    if (Number.isFinite(r)) a.refMax = Math.max(a.refMax, Math.abs(r));
  }
  return a;
}

export function formatAgreement(name: string, a: Agreement): string {
  return `${name}: max|Δ| ${a.maxAbs.toExponential(2)} (max|ref| ${a.refMax.toPrecision(4)}), max |Δ|/max(1,|ref|) ${a.maxScaled.toExponential(2)}`;
}
