/**
 * The retrieval network as graph layers: a text branch and a pose branch into one L2-normalised space, and the
 * symmetric contrastive (InfoNCE) loss with a learnable logit scale. Building the same `RetrievalNet` into the
 * train-step graph and the two inference graphs gives them the same parameter names (one checkpoint).
 */
import type { Tensor } from '../../graph';
import { add, clip, div, exp, matmul, mul, reduceMean, reduceSum, softmaxCrossEntropy, sqrt, transposeLast2 } from '../../graph';
import { BagOfWordsEncoder, MLP, Linear, Scope, TransformerEncoder } from '../../graph/layers';
import { POSE_FEATURES, type RetrievalModelConfig } from './config';

/** x / ‖x‖ along the last axis (eps keeps a zero row finite). */
export function l2Normalize(x: Tensor): Tensor {
  return div(x, sqrt(add(reduceSum(mul(x, x), [-1], true), 1e-12)));
}

export class RetrievalNet {
  private readonly transformer: TransformerEncoder | null;
  private readonly bow: BagOfWordsEncoder | null;
  private readonly textHead: Linear | MLP;
  private readonly poseMlp: MLP;

  constructor(readonly config: RetrievalModelConfig) {
    const t = config.text;
    if (t.kind === 'transformer') {
      this.transformer = new TransformerEncoder({ vocab: config.vocab, dim: t.dim, heads: t.heads, layers: t.layers, maxLen: t.maxLen, mlpRatio: t.mlpRatio, ...(t.positions ? { positions: t.positions } : {}) });
      this.bow = null;
      this.textHead = t.hidden?.length ? new MLP([t.dim, ...t.hidden, config.embedDim], { activation: 'gelu' }) : new Linear(t.dim, config.embedDim);
    } else {
      this.transformer = null;
      this.bow = new BagOfWordsEncoder(config.vocab, t.dim);
      this.textHead = new MLP([t.dim, ...t.hidden, config.embedDim], { activation: 'gelu' });
    }
    this.poseMlp = new MLP([POSE_FEATURES, ...config.pose.hidden, config.embedDim], { activation: 'gelu' });
  }

  /** ids int64 [B, T], mask float [B, T] (1 = token) → unit vectors [B, embedDim]. */
  text(s: Scope, ids: Tensor, mask: Tensor): Tensor {
    const ts = s.child('text');
    const pooled = this.transformer ? this.transformer.apply(ts, ids, mask).pooled : this.bow!.apply(ts, ids, mask);
    return l2Normalize(this.textHead.apply(ts.child('head'), pooled));
  }

  /** 6D joint-rotation features [B, 132] → unit vectors [B, embedDim]. */
  pose(s: Scope, features: Tensor): Tensor {
    return l2Normalize(this.poseMlp.apply(s.child('pose'), features));
  }

  /** exp(logit_scale), bounded by scaleMax; the parameter starts at ln(scaleInit). */
  scale(s: Scope): Tensor {
    const logScale = s.param('logit_scale', [1], { values: [Math.log(this.config.scaleInit)] });
    return clip(exp(logScale), undefined, this.config.scaleMax);
  }
}

/**
 * Symmetric InfoNCE over a batch of B aligned pairs: logits = scale · T Pᵀ; the loss is the mean of the
 * cross-entropy of each text against all poses and of each pose against all texts (labels = the diagonal).
 */
export function contrastiveLoss(text: Tensor, pose: Tensor, scale: Tensor, labels: Tensor): Tensor {
  const logits = mul(matmul(text, transposeLast2(pose)), scale);
  const t2p = reduceMean(softmaxCrossEntropy(logits, labels));
  const p2t = reduceMean(softmaxCrossEntropy(transposeLast2(logits), labels));
  return mul(add(t2p, p2t), 0.5);
}
