/** Model layers built on the graph ops; parameters live in a Scope (graph + dotted name prefix). */
export { Scope, staticDim } from './scope';
export { Linear, type LinearOptions } from './linear';
export { Embedding } from './embedding';
export { LayerNorm } from './layer-norm';
export { MLP, type MlpOptions } from './mlp';
export { activate, fastGelu, type Activation } from './activations';
export { CausalSelfAttention, type AttentionOptions, type AttentionOutput, type KVCache } from './attention';
export { TransformerBlock, type BlockOptions } from './block';
export { LearnedPositions } from './learned-positions';
export { RotaryPositions } from './rotary';
export { axisLength, positionRange } from './positions';
export { TransformerLM, lmLoss, type LMOutput, type TransformerLMConfig } from './transformer';
export { Rng, hashString, rngFor } from './rng';
export { TransformerEncoder, BagOfWordsEncoder, maskedMean, paddingBias, type TransformerEncoderConfig, type EncoderOutput } from './encoder';
