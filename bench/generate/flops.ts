/**
 * Analytic FLOP count of one generation of G candidates, from the policy's config: what the prefill and decode
 * graphs compute (see src/main/compute/models/policy/sampler.ts), counting matrix products only
 * (multiply-add = 2 FLOPs). Left out: LayerNorm, softmax, GELU, rotary rotation, residual adds, the embedding
 * gather, the KV-cache concatenation and everything on the host (token draws, the Gaussian sample).
 */
import type { PolicyModelConfig } from '../../src/main/compute/models/policy/config';
import { MODALITY_FEATURES } from '../../src/main/compute/models/policy/sequence';
import { CHOL_RAW } from '../../src/main/compute/models/policy/net';
import { POSE_SIZE_BODY } from '../../src/shared/body';

/** 2·Σ in·out over a chain of Linear sizes (an MLP's matrix products per row). */
function mlpFlops(sizes: readonly number[]): number {
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) f += 2 * sizes[i]! * sizes[i + 1]!;
  return f;
}

/** Per row and layer: QKV d·3d, output projection d·d, MLP d·(r·d) and (r·d)·d, each ×2. */
export function blockLinearFlopsPerRow(c: PolicyModelConfig): number {
  return 2 * (3 + 1 + 2 * c.mlpRatio) * c.dim * c.dim;
}

/**
 * Matrix products every row of every decode step runs: the blocks' linears, the modality projection (of zero
 * features, still a MatMul in the graph), the LM head and, because the decode graph emits them for every row at
 * every step, the pose head's μ and covariance MLPs.
 */
export function decodeLinearFlopsPerRow(c: PolicyModelConfig): number {
  const head = mlpFlops([c.dim, ...c.headHidden, POSE_SIZE_BODY]) + (c.head === 'gaussian' ? mlpFlops([c.dim, ...c.headHidden, CHOL_RAW]) : 0);
  return c.layers * blockLinearFlopsPerRow(c) + 2 * MODALITY_FEATURES * c.dim + 2 * c.dim * c.vocab + head;
}

/** Prefill, batch 1 over P prompt tokens: linears per token (no pose head), and the full P×P QKᵀ and A·V per layer. */
export function prefillFlops(c: PolicyModelConfig, P: number): { linear: number; attention: number; total: number } {
  const linear = P * (c.layers * blockLinearFlopsPerRow(c) + 2 * MODALITY_FEATURES * c.dim + 2 * c.dim * c.vocab);
  // The causal mask is an additive bias: the whole score matrix is computed, masked or not.
  const attention = c.layers * 4 * P * P * c.dim;
  return { linear, attention, total: linear + attention };
}

/**
 * One decode step over G rows whose queries see `keys` cached + new positions: linears per row, plus
 * QKᵀ (2·keys·d) and A·V (2·keys·d) per row and layer.
 */
export function decodeStepFlops(c: PolicyModelConfig, G: number, keys: number): { linear: number; attention: number; total: number } {
  const linear = G * decodeLinearFlopsPerRow(c);
  const attention = G * c.layers * 4 * keys * c.dim;
  return { linear, attention, total: linear + attention };
}

export interface GenerationFlops {
  prefill: number;
  /** All decode steps together. */
  decode: number;
  decodeLinear: number;
  decodeAttention: number;
  /** Of `decode`: the pose head's two MLPs, run for every row at every step. */
  decodePoseHead: number;
  total: number;
}

/** Prefill over P tokens, then `steps` decode steps of G rows; step s (0-based) sees P + s + 1 keys. */
export function generationFlops(c: PolicyModelConfig, P: number, G: number, steps: number): GenerationFlops {
  const prefill = prefillFlops(c, P).total;
  let decodeLinear = 0;
  let decodeAttention = 0;
  for (let s = 0; s < steps; s++) {
    const f = decodeStepFlops(c, G, P + s + 1);
    decodeLinear += f.linear;
    decodeAttention += f.attention;
  }
  const head = mlpFlops([c.dim, ...c.headHidden, POSE_SIZE_BODY]) + (c.head === 'gaussian' ? mlpFlops([c.dim, ...c.headHidden, CHOL_RAW]) : 0);
  const decode = decodeLinear + decodeAttention;
  return { prefill, decode, decodeLinear, decodeAttention, decodePoseHead: steps * G * head, total: prefill + decode };
}

/**
 * The same per-row linear count read off a checkpoint's tensors: every weight matrix except the token
 * embedding (a gather, not a product) multiplies each decode row once, so it costs 2·in·out per row.
 * The benchmark checks it equals `decodeLinearFlopsPerRow`, so the analytic count describes the real model.
 */
export function weightMatrixFlopsPerRow(shapes: Iterable<[name: string, dims: readonly number[]]>): number {
  let f = 0;
  for (const [name, dims] of shapes) if (dims.length === 2 && name !== 'lm.tok.weight') f += 2 * dims[0]! * dims[1]!;
  return f;
}
