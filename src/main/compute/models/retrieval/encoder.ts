/**
 * The retrieval model at inference: text and pose embeddings through two ONNX Runtime sessions that share one
 * parameter store (a trainer's, during training; a checkpoint's, in the studio and the CLI).
 */
import { f32, i64 } from '../../runtime';
import { compileInference, Graph, type InferenceProgram, ParamStore } from '../../graph';
import { Scope } from '../../graph/layers';
import { loadParams } from '../../graph/checkpoint';
import type { TextTokenizer } from '../../text/tokenizer';
import { POSE_FEATURES, type RetrievalModelConfig } from './config';
import { padTokens, poseFeatures } from './features';
import { RetrievalNet } from './net';

export interface EncoderOptions {
  /** Texts or poses per session run. */
  batch?: number;
  intraOpThreads?: number;
}

export class RetrievalEncoder {
  private constructor(
    readonly config: RetrievalModelConfig,
    readonly tokenizer: TextTokenizer,
    readonly store: ParamStore,
    private readonly textProgram: InferenceProgram,
    private readonly poseProgram: InferenceProgram,
    private readonly batch: number,
  ) {}

  /** Inference programs over `store` (shared, not copied: a trainer's updates are seen by the next call). */
  static async create(config: RetrievalModelConfig, tokenizer: TextTokenizer, store: ParamStore, o: EncoderOptions = {}): Promise<RetrievalEncoder> {
    if (tokenizer.vocabSize !== config.vocab) {
      throw new Error(`retrieval model expects a ${config.vocab}-token vocabulary, the tokenizer has ${tokenizer.vocabSize}`);
    }
    const net = new RetrievalNet(config);
    const settings = o.intraOpThreads ? { settings: { intraOpThreads: o.intraOpThreads } } : {};
    const tg = new Graph();
    const text = net.text(new Scope(tg), tg.input('ids', ['B', 'T'], 'int64'), tg.input('mask', ['B', 'T']));
    const pg = new Graph();
    const pose = net.pose(new Scope(pg), pg.input('features', ['B', POSE_FEATURES]));
    const [textProgram, poseProgram] = await Promise.all([
      compileInference(tg, { text }, { name: 'retrieval-text', ...settings }),
      compileInference(pg, { pose }, { name: 'retrieval-pose', ...settings }),
    ]);
    return new RetrievalEncoder(config, tokenizer, store, textProgram, poseProgram, o.batch ?? 256);
  }

  /** Loads a checkpoint directory written by `scripts/train-retrieval.ts` (model.safetensors + config.json). */
  static async load(dir: string, tokenizer: TextTokenizer, o: EncoderOptions = {}): Promise<RetrievalEncoder> {
    const store = new ParamStore('float32');
    const { config } = loadParams<{ model: RetrievalModelConfig } | RetrievalModelConfig>(dir, store);
    const model = 'model' in config ? config.model : config;
    if (model.format !== 'pose-rft-retrieval') throw new Error(`${dir}: not a retrieval model (format ${String(model.format)})`);
    return RetrievalEncoder.create(model, tokenizer, store, o);
  }

  get dim(): number {
    return this.config.embedDim;
  }

  /** Token ids of each text, clipped to the model's maxLen. */
  tokenize(texts: readonly string[]): number[][] {
    const max = this.config.text.maxLen;
    return texts.map((t) => this.tokenizer.encode(t).slice(0, max));
  }

  /** Unit vectors [n, dim] for texts; rows are batched by length so little padding is computed. */
  async embedTexts(texts: readonly string[], tokens: readonly ArrayLike<number>[] = this.tokenize(texts)): Promise<Float32Array> {
    const n = tokens.length;
    const out = new Float32Array(n * this.dim);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => tokens[a]!.length - tokens[b]!.length);
    for (let start = 0; start < n; start += this.batch) {
      const idx = order.slice(start, start + this.batch);
      const { ids, mask, B, T } = padTokens(
        idx.map((i) => tokens[i]!),
        this.tokenizer.specials.pad,
      );
      const r = await this.textProgram.run({ ids: i64(ids, [B, T]), mask: f32(mask, [B, T]) }, this.store);
      const emb = r.text!.data as Float32Array;
      idx.forEach((i, row) => out.set(emb.subarray(row * this.dim, (row + 1) * this.dim), i * this.dim));
    }
    return out;
  }

  /** Unit vectors [n, dim] for n poses [n, 66]. */
  async embedPoses(poses: Float32Array, n: number): Promise<Float32Array> {
    const feats = poseFeatures(poses, n);
    const out = new Float32Array(n * this.dim);
    for (let start = 0; start < n; start += this.batch) {
      const B = Math.min(this.batch, n - start);
      const r = await this.poseProgram.run({ features: f32(feats.subarray(start * POSE_FEATURES, (start + B) * POSE_FEATURES), [B, POSE_FEATURES]) }, this.store);
      out.set(r.pose!.data as Float32Array, start * this.dim);
    }
    return out;
  }

  async release(): Promise<void> {
    await Promise.all([this.textProgram.release(), this.poseProgram.release()]);
  }
}

/** Cosine similarity matrix [nA, nB] of unit vectors a [nA, d] and b [nB, d]. */
export function similarityMatrix(a: Float32Array, nA: number, b: Float32Array, nB: number, d: number): Float32Array {
  const sim = new Float32Array(nA * nB);
  for (let i = 0; i < nA; i++) {
    const ai = i * d;
    for (let j = 0; j < nB; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += a[ai + k]! * b[bj + k]!;
      sim[i * nB + j] = s;
    }
  }
  return sim;
}

/** Row-wise cosine of aligned pairs: out[i] = a_i · b_i (the semantic reward of pair i). */
export function pairCosines(a: Float32Array, b: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += a[i * d + k]! * b[i * d + k]!;
    out[i] = s;
  }
  return out;
}
