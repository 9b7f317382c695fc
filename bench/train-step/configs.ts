/** The train-step benchmark configurations, shared by our runner and (by name) the PyTorch peer. */
export interface LmConfig {
  kind: 'lm';
  name: string;
  layers: number;
  d: number;
  heads: number;
  seq: number;
  batch: number;
  vocab: number;
  mlp: number;
  clip: number;
}
export interface MlpConfig {
  kind: 'mlp';
  name: string;
  sizes: number[];
  batch: number;
  clip: null;
}
export type BenchConfig = LmConfig | MlpConfig;

export const LR = 3e-4;
export const WEIGHT_DECAY = 0.01;

export const CONFIGS: Record<'a' | 'b' | 'c', BenchConfig> = {
  a: { kind: 'lm', name: 'transformer LM 4L d256 h4, seq 64, batch 32', layers: 4, d: 256, heads: 4, seq: 64, batch: 32, vocab: 512, mlp: 4, clip: 1.0 },
  b: { kind: 'lm', name: 'transformer LM 4L d256 h4, seq 32, batch 4', layers: 4, d: 256, heads: 4, seq: 32, batch: 4, vocab: 512, mlp: 4, clip: 1.0 },
  c: { kind: 'mlp', name: 'MLP 128-512-512-66, batch 256', sizes: [128, 512, 512, 66], batch: 256, clip: null },
};
export type ConfigId = keyof typeof CONFIGS;

/**
 * Forward matmul FLOPs of one step (multiply-add = 2 FLOPs); elementwise ops, softmax, layer norm and the
 * optimiser are left out. Per token and layer: QKV 2·d·3d, output projection 2·d·d, MLP 2·2·d·(mlp·d), so
 * (6 + 2 + 4·mlp)·d² = 24·d² for mlp = 4; attention scores QKᵀ and the weighted sum AV cost 2·seq·d each
 * (the full seq×seq matrix is computed, masked or not). The LM head adds 2·d·vocab per token.
 */
export function forwardMatmulFlops(c: BenchConfig): number {
  if (c.kind === 'mlp') {
    let perSample = 0;
    for (let i = 0; i + 1 < c.sizes.length; i++) perSample += 2 * c.sizes[i]! * c.sizes[i + 1]!;
    return perSample * c.batch;
  }
  const tokens = c.batch * c.seq;
  const perLayer = (6 + 2 + 4 * c.mlp) * c.d * c.d + 4 * c.seq * c.d;
  return tokens * (c.layers * perLayer + 2 * c.d * c.vocab);
}

/** Training step ≈ forward + backward, where backward costs two matmuls per forward matmul (dX and dW). */
export function trainStepFlops(c: BenchConfig): number {
  return 3 * forwardMatmulFlops(c);
}
