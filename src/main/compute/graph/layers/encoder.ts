import type { Tensor } from '../graph';
import { div, maximum, mul, reduceSum, sub, unsqueeze } from '../ops';
import { TransformerBlock } from './block';
import { Embedding } from './embedding';
import { LayerNorm } from './layer-norm';
import { LearnedPositions } from './learned-positions';
import { axisLength, positionRange } from './positions';
import { RotaryPositions } from './rotary';
import type { Scope } from './scope';

export interface TransformerEncoderConfig {
  vocab: number;
  dim: number;
  heads: number;
  layers: number;
  /** Longest sequence (size of the learned position table). */
  maxLen: number;
  mlpRatio?: number;
  initStd?: number;
  /**
   * 'learned' (default): a learned absolute position table added to the token embeddings. 'rotary': RoPE in every
   * attention layer, no table — scores depend on relative offsets, so "the word before this one" is one pattern
   * for every position rather than one per position.
   */
  positions?: 'learned' | 'rotary';
}

export interface EncoderOutput {
  /** Final-LayerNorm hidden states [B, T, dim]. */
  hidden: Tensor;
  /** Mean of `hidden` over the unmasked positions [B, dim]. */
  pooled: Tensor;
}

/** Additive attention bias [B, 1, 1, T] from a 0/1 float mask [B, T]: 0 for real keys, −1e9 for padding. */
export function paddingBias(mask: Tensor): Tensor {
  return unsqueeze(mul(sub(mask, 1), 1e9), [1, 2]);
}

/** Mean of x [B, T, D] over positions where mask [B, T] is 1 (a row with no real position gives 0, not NaN). */
export function maskedMean(x: Tensor, mask: Tensor): Tensor {
  const m = unsqueeze(mask, [2]);
  const sum = reduceSum(mul(x, m), [1]);
  const count = maximum(reduceSum(m, [1]), 1);
  return div(sum, count);
}

/**
 * Bidirectional transformer over token ids with a padding mask: token embedding + learned positions, pre-LN
 * blocks without the causal mask (or RoPE instead of the table), a final LayerNorm, and masked mean pooling (the text branch of PoseScript's
 * retrieval model). Param names: tok.weight, pos.weight, blocks.{i}.…, ln_f.…
 */
export class TransformerEncoder {
  readonly tok: Embedding;
  readonly pos: LearnedPositions | null;
  readonly blocks: TransformerBlock[];
  readonly lnF: LayerNorm;

  constructor(readonly config: TransformerEncoderConfig) {
    const { vocab, dim, heads, layers, maxLen } = config;
    const std = config.initStd ?? 0.02;
    this.tok = new Embedding(vocab, dim, { normal: std });
    const rotary = config.positions === 'rotary' ? new RotaryPositions(dim / heads, maxLen) : null;
    this.pos = rotary ? null : new LearnedPositions(maxLen, dim, { normal: std });
    this.blocks = Array.from(
      { length: layers },
      () =>
        new TransformerBlock(dim, heads, {
          mlpRatio: config.mlpRatio ?? 4,
          causal: false,
          ...(rotary ? { rotary } : {}),
          init: { normal: std },
          residualInit: { normal: std / Math.sqrt(2 * layers) },
        }),
    );
    this.lnF = new LayerNorm(dim);
  }

  /** ids: int64 [B, T]; mask: float [B, T] with 1 for tokens and 0 for padding. */
  apply(s: Scope, ids: Tensor, mask: Tensor): EncoderOutput {
    if (ids.rank !== 2 || mask.rank !== 2) throw new Error(`TransformerEncoder: ids and mask must be [batch, T], got ${ids} and ${mask}`);
    const g = ids.graph;
    const T = ids.shape[1]!;
    const positions = positionRange(g, null, T, typeof T === 'number' ? undefined : axisLength(ids, 1));
    const embedded = this.tok.apply(s.child('tok'), ids);
    let x = this.pos ? this.pos.apply(s.child('pos'), embedded, positions) : embedded;
    const bias = paddingBias(mask);
    this.blocks.forEach((blk, i) => {
      x = blk.apply(s.child('blocks').child(i), x, { positions, bias }).y;
    });
    const hidden = this.lnF.apply(s.child('ln_f'), x);
    return { hidden, pooled: maskedMean(hidden, mask) };
  }
}

/** Bag of words: masked mean of token embeddings [B, dim] (the order-blind baseline text encoder). */
export class BagOfWordsEncoder {
  readonly tok: Embedding;
  constructor(
    readonly vocab: number,
    readonly dim: number,
  ) {
    this.tok = new Embedding(vocab, dim, { normal: 0.02 });
  }
  apply(s: Scope, ids: Tensor, mask: Tensor): Tensor {
    return maskedMean(this.tok.apply(s.child('tok'), ids), mask);
  }
}

