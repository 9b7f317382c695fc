import type { Tensor } from '../graph';
import { add, reduceMean, softmaxCrossEntropy } from '../ops';
import type { KVCache } from './attention';
import { TransformerBlock } from './block';
import { Embedding } from './embedding';
import { LayerNorm } from './layer-norm';
import { LearnedPositions } from './learned-positions';
import { Linear } from './linear';
import { axisLength, positionRange } from './positions';
import { RotaryPositions } from './rotary';
import type { Scope } from './scope';

export interface TransformerLMConfig {
  vocab: number;
  dim: number;
  heads: number;
  layers: number;
  /** Longest sequence (learned position table size / rotary table size). */
  maxLen: number;
  mlpRatio?: number;
  positions?: 'learned' | 'rotary';
  /** Std of the normal init of weights (GPT-2: 0.02); residual projections get std/√(2·layers). */
  initStd?: number;
}

export interface LMOutput {
  logits: Tensor;
  /** Final-LayerNorm hidden states [B, T, dim] (what the LM head reads; other heads may read them too). */
  hidden: Tensor;
  /** Per-layer keys/values over all positions so far. */
  present: KVCache[];
}

/**
 * Decoder-only transformer language model: token embedding (+ learned positions, or rotary inside attention),
 * pre-LN blocks, final LayerNorm, untied LM head. Param names: tok.weight, pos.weight, blocks.{i}.…, ln_f.…, head.…
 */
export class TransformerLM {
  readonly tok: Embedding;
  readonly pos: LearnedPositions | null;
  readonly rotary: RotaryPositions | null;
  readonly blocks: TransformerBlock[];
  readonly lnF: LayerNorm;
  readonly head: Linear;

  constructor(readonly config: TransformerLMConfig) {
    const { vocab, dim, heads, layers, maxLen } = config;
    const std = config.initStd ?? 0.02;
    const kind = config.positions ?? 'learned';
    this.tok = new Embedding(vocab, dim, { normal: std });
    this.pos = kind === 'learned' ? new LearnedPositions(maxLen, dim, { normal: std }) : null;
    this.rotary = kind === 'rotary' ? new RotaryPositions(dim / heads, maxLen) : null;
    this.blocks = Array.from(
      { length: layers },
      () =>
        new TransformerBlock(dim, heads, {
          mlpRatio: config.mlpRatio ?? 4,
          ...(this.rotary ? { rotary: this.rotary } : {}),
          init: { normal: std },
          residualInit: { normal: std / Math.sqrt(2 * layers) },
        }),
    );
    this.lnF = new LayerNorm(dim);
    this.head = new Linear(dim, vocab, { init: { normal: std } });
  }

  /**
   * ids: int64 [B, T]. Without `past`, positions are 0..T-1; with `past` (one cache per layer) the T tokens
   * continue after the cached positions. `extra` [B, T, dim] is added to the token embeddings (projected
   * non-text inputs: a modality slot's token embedding plus its features).
   */
  apply(s: Scope, ids: Tensor, o: { past?: KVCache[]; extra?: Tensor } = {}): LMOutput {
    if (ids.rank !== 2) throw new Error(`TransformerLM: ids must be [batch, T], got ${ids}`);
    const g = ids.graph;
    if (o.past && o.past.length !== this.blocks.length) {
      throw new Error(`TransformerLM: ${this.blocks.length} layers need ${this.blocks.length} caches, got ${o.past.length}`);
    }
    const T = ids.shape[1]!;
    const start = o.past ? axisLength(o.past[0]!.k, 2) : null;
    const positions = positionRange(g, start, T, typeof T === 'number' ? undefined : axisLength(ids, 1));
    let x = this.tok.apply(s.child('tok'), ids);
    if (o.extra) x = add(x, o.extra);
    if (this.pos) x = this.pos.apply(s.child('pos'), x, positions);
    const present: KVCache[] = [];
    this.blocks.forEach((blk, i) => {
      const past = o.past?.[i];
      const r = blk.apply(s.child('blocks').child(i), x, past ? { positions, past } : { positions });
      x = r.y;
      present.push(r.present);
    });
    const hidden = this.lnF.apply(s.child('ln_f'), x);
    return { logits: this.head.apply(s.child('head'), hidden), hidden, present };
  }
}

/** Mean next-token cross-entropy of logits [B, T, V] against int64 targets [B, T]. */
export function lmLoss(logits: Tensor, targets: Tensor): Tensor {
  return reduceMean(softmaxCrossEntropy(logits, targets));
}
