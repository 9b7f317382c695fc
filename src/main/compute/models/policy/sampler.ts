/**
 * Sampling G candidates from the policy for one prompt: the prompt is run once (prefill, batch 1), its key/value
 * cache is copied to G rows, and the answers are decoded one token per step for all G at once. When a candidate
 * emits `<POSE>`, the hidden state at that token feeds the pose head: a Gaussian candidate draws
 * pose = μ + s·L·ε (s = σ-scale); a deterministic one returns μ. Randomness comes from the seed alone, per
 * candidate, so candidate k of a seed is the same whatever G is.
 */
import { compileInference, Graph, type InferenceProgram, ParamStore, type Tensor } from '../../graph';
import { loadParams } from '../../graph/checkpoint';
import { squeeze } from '../../graph/ops';
import { type KVCache, Scope } from '../../graph/layers';
import { f32, i64, type HostTensor } from '../../runtime';
import { Rng } from '../../data/random';
import { POSE_SIZE_BODY } from '../../../../shared/body';
import { POSE_ANSWER_PATTERN } from '../../data/tasks/templates';
import type { TextTokenizer } from '../../text/tokenizer';
import type { PolicyModelConfig, PolicyTrainConfig } from './config';
import { choleskyFromRaw, logDensity, perJointSigma, sample as sampleGaussian } from './gaussian-ref';
import { CHOL_RAW, PolicyNet } from './net';
import { encodePrompt, MODALITY_FEATURES, type ModalityInputs, promptFeatures } from './sequence';

export interface SampleOptions {
  /** Candidates (G). */
  samples: number;
  seed: number;
  /** Softmax temperature of the token policy (0: greedy). */
  temperature: number;
  /** Multiplies the Gaussian head's standard deviations (0: the mean pose). */
  sigmaScale: number;
  /** Longest answer in tokens (the answer is cut there and marked invalid). */
  maxNewTokens?: number;
  /** What a valid answer holds (default: `expectsPose(prompt)`). */
  expects?: 'pose' | 'text';
}

export interface Candidate {
  index: number;
  /** The answer as text (`<POSE>` kept where the pose sits; other special tokens dropped). */
  text: string;
  tokens: number[];
  /** The sampled pose (66 axis-angle), μ for the deterministic head; null when the answer has no `<POSE>`. */
  pose: Float32Array | null;
  mu: Float32Array | null;
  /** Per-joint σ summary (22, radians: √(trace Σ_j / 3)), before the σ-scale; null for the deterministic head. */
  sigma: Float32Array | null;
  /** The head's raw Cholesky numbers [22 × 6] (for KL and re-scoring); null for the deterministic head. */
  cholRaw: Float32Array | null;
  /** Σ log p of the answer tokens under the sampling distribution (temperature applied). */
  textLogProb: number;
  /**
   * log p of each drawn token under the sampling distribution: `tokens` in order, then `<eos>` when the answer
   * ended (HyGRPO's old per-token log-probs; they sum to textLogProb).
   */
  tokenLogProbs: number[];
  /** Whether decoding stopped at `<eos>` within the budget. */
  ended: boolean;
  /** log N(pose; μ, s²Σ) (null: deterministic head, no pose, or σ-scale 0). */
  poseLogProb: number | null;
  /** Ended with `<eos>` within the budget and has exactly one pose slot where one is expected (and none otherwise). */
  formatValid: boolean;
}

export interface GenerationResult {
  candidates: Candidate[];
  promptTokens: number;
  /** Decode steps run (the longest answer). */
  steps: number;
  seconds: number;
}

/** Pose prompts ask for a pose unless they feed one in (describe a pose, questions about it). */
export function expectsPose(prompt: string): boolean {
  return !prompt.includes('<JOINTS>');
}

function logSoftmaxRow(logits: ArrayLike<number>, off: number, V: number, temperature: number, out: Float64Array): void {
  let max = -Infinity;
  for (let v = 0; v < V; v++) max = Math.max(max, logits[off + v]! / temperature);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp(logits[off + v]! / temperature - max);
  const lse = max + Math.log(sum);
  for (let v = 0; v < V; v++) out[v] = logits[off + v]! / temperature - lse;
}

/** Draws one token from log-probabilities by inverse CDF (greedy at temperature 0). */
function drawToken(logits: ArrayLike<number>, off: number, V: number, temperature: number, rng: Rng, scratch: Float64Array): { id: number; logProb: number } {
  if (temperature <= 0) {
    let best = 0;
    for (let v = 1; v < V; v++) if (logits[off + v]! > logits[off + best]!) best = v;
    return { id: best, logProb: 0 };
  }
  logSoftmaxRow(logits, off, V, temperature, scratch);
  let u = rng.next();
  for (let v = 0; v < V; v++) {
    u -= Math.exp(scratch[v]!);
    if (u <= 0) return { id: v, logProb: scratch[v]! };
  }
  return { id: V - 1, logProb: scratch[V - 1]! };
}

/** The answer's text with `<POSE>` kept where it sits and every other special token dropped. */
export function answerText(tok: TextTokenizer, tokens: readonly number[]): string {
  const parts: number[][] = [[]];
  for (const t of tokens) {
    if (t === tok.specials.pose) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.map((ids) => tok.decode(ids, { skipSpecial: true })).join('<POSE>');
}

export class PolicySampler {
  private constructor(
    readonly config: PolicyModelConfig,
    readonly tokenizer: TextTokenizer,
    readonly store: ParamStore,
    private readonly prefill: InferenceProgram,
    private readonly decode: InferenceProgram,
  ) {}

  /** Prefill and decode programs over `store` (shared, not copied). */
  static async create(config: PolicyModelConfig, tokenizer: TextTokenizer, store: ParamStore, o: { intraOpThreads?: number } = {}): Promise<PolicySampler> {
    if (tokenizer.vocabSize !== config.vocab) throw new Error(`policy expects a ${config.vocab}-token vocabulary, the tokenizer has ${tokenizer.vocabSize}`);
    const net = new PolicyNet(config);
    const settings = o.intraOpThreads ? { settings: { intraOpThreads: o.intraOpThreads } } : {};
    const headDim = config.dim / config.heads;

    const pg = new Graph();
    const pre = net.forward(new Scope(pg), pg.input('ids', [1, 'T'], 'int64'), pg.input('features', [1, 'T', MODALITY_FEATURES]));
    const preOut: Record<string, Tensor> = { logits: pre.logits };
    pre.present.forEach((c, l) => Object.assign(preOut, { [`k${l}`]: c.k, [`v${l}`]: c.v }));

    const dg = new Graph();
    const past: KVCache[] = Array.from({ length: config.layers }, (_, l) => ({
      k: dg.input(`past_k${l}`, ['B', config.heads, 'P', headDim]),
      v: dg.input(`past_v${l}`, ['B', config.heads, 'P', headDim]),
    }));
    const ds = new Scope(dg);
    const step = net.forward(ds, dg.input('ids', ['B', 1], 'int64'), dg.input('features', ['B', 1, MODALITY_FEATURES]), past);
    const head = net.pose(ds, squeeze(step.hidden, 1));
    const decOut: Record<string, Tensor> = { logits: squeeze(step.logits, 1), mu: head.mu };
    if (head.raw) decOut.raw = head.raw;
    step.present.forEach((c, l) => Object.assign(decOut, { [`k${l}`]: c.k, [`v${l}`]: c.v }));

    const [prefill, decode] = await Promise.all([
      compileInference(pg, preOut, { name: 'policy-prefill', ...settings }),
      compileInference(dg, decOut, { name: 'policy-decode', ...settings }),
    ]);
    return new PolicySampler(config, tokenizer, store, prefill, decode);
  }

  /** Loads a checkpoint directory written by `scripts/train-policy.ts`. */
  static async load(dir: string, tokenizer: TextTokenizer, o: { intraOpThreads?: number } = {}): Promise<PolicySampler> {
    const store = new ParamStore('float32');
    const { config } = loadParams<PolicyTrainConfig | PolicyModelConfig>(dir, store);
    const model = 'model' in config ? config.model : config;
    if (model.format !== 'pose-rft-policy') throw new Error(`${dir}: not a policy model (format ${String(model.format)})`);
    return PolicySampler.create(model, tokenizer, store, o);
  }

  async generate(prompt: string, inputs: ModalityInputs, o: SampleOptions): Promise<GenerationResult> {
    const t0 = performance.now();
    const G = o.samples;
    if (!Number.isInteger(G) || G < 1 || G > 256) throw new RangeError(`samples must be an integer from 1 to 256, got ${G}`);
    const tok = this.tokenizer;
    const V = this.config.vocab;
    const L = this.config.layers;
    const expectPose = (o.expects ?? (expectsPose(prompt) ? 'pose' : 'text')) === 'pose';
    const p = encodePrompt(tok, prompt, inputs);
    const P = p.ids.length;
    const maxNew = Math.min(o.maxNewTokens ?? (expectPose ? 32 : 160), this.config.maxLen - P);
    if (maxNew < 1) throw new RangeError(`the prompt is ${P} tokens; the model reads at most ${this.config.maxLen}`);

    const pre = await this.prefill.run({ ids: i64(p.ids, [1, P]), features: f32(promptFeatures(p), [1, P, MODALITY_FEATURES]) }, this.store);
    // Copy the prompt's cache to G rows.
    let cache: Record<string, HostTensor> = {};
    for (let l = 0; l < L; l++) {
      for (const kv of ['k', 'v'] as const) {
        const t = pre[`${kv}${l}`]!;
        const one = t.data as Float32Array;
        const rows = new Float32Array(one.length * G);
        for (let g = 0; g < G; g++) rows.set(one, g * one.length);
        cache[`past_${kv}${l}`] = f32(rows, [G, ...t.dims.slice(1)]);
      }
    }
    let logits = pre.logits!.data as Float32Array;
    let logitsOff = (_g: number) => (P - 1) * V;

    const rngs = Array.from({ length: G }, (_, g) => new Rng(o.seed >>> 0).fork(`candidate-${g}`));
    const scratch = new Float64Array(V);
    const out = Array.from({ length: G }, (_, g) => ({
      index: g,
      tokens: [] as number[],
      textLogProb: 0,
      tokenLogProbs: [] as number[],
      done: false,
      ended: false,
      poseSeen: 0,
      mu: null as Float32Array | null,
      raw: null as Float32Array | null,
    }));
    const zeros = new Float32Array(G * MODALITY_FEATURES);
    let steps = 0;
    for (; steps < maxNew; steps++) {
      const next = new Array<number>(G);
      for (let g = 0; g < G; g++) {
        const c = out[g]!;
        if (c.done) {
          next[g] = tok.specials.pad;
          continue;
        }
        const d = drawToken(logits, logitsOff(g), V, o.temperature, rngs[g]!, scratch);
        c.textLogProb += d.logProb;
        c.tokenLogProbs.push(d.logProb);
        next[g] = d.id;
        if (d.id === tok.specials.eos) {
          c.done = true;
          c.ended = true;
        } else {
          c.tokens.push(d.id);
          if (d.id === tok.specials.pose) c.poseSeen++;
        }
      }
      if (out.every((c) => c.done)) break;
      const r = await this.decode.run({ ids: i64(next, [G, 1]), features: f32(zeros, [G, 1, MODALITY_FEATURES]), ...cache }, this.store);
      // The hidden state at a just-fed `<POSE>` is the pose head's input: keep its outputs (the first `<POSE>` wins).
      for (let g = 0; g < G; g++) {
        const c = out[g]!;
        if (next[g] === tok.specials.pose && c.mu === null) {
          c.mu = (r.mu!.data as Float32Array).slice(g * POSE_SIZE_BODY, (g + 1) * POSE_SIZE_BODY);
          if (r.raw) c.raw = (r.raw.data as Float32Array).slice(g * CHOL_RAW, (g + 1) * CHOL_RAW);
        }
      }
      logits = r.logits!.data as Float32Array;
      logitsOff = (g: number) => g * V;
      cache = {};
      for (let l = 0; l < L; l++) for (const kv of ['k', 'v'] as const) cache[`past_${kv}${l}`] = r[`${kv}${l}`]!;
    }

    const candidates: Candidate[] = out.map((c) => {
      let pose: Float32Array | null = null;
      let sigma: Float32Array | null = null;
      let poseLogProb: number | null = null;
      if (c.mu) {
        if (c.raw) {
          const chol = choleskyFromRaw(c.raw, this.config.minStd);
          sigma = perJointSigma(chol);
          if (o.sigmaScale > 0) {
            const rng = rngs[c.index]!.fork('pose');
            const eps = Float64Array.from({ length: POSE_SIZE_BODY }, () => rng.normal());
            pose = sampleGaussian(c.mu, chol, o.sigmaScale, eps, new Float32Array(POSE_SIZE_BODY));
            poseLogProb = logDensity(c.mu, chol, pose, o.sigmaScale);
          } else {
            pose = c.mu.slice();
          }
        } else {
          pose = c.mu.slice();
        }
      }
      const text = answerText(tok, c.tokens);
      const formatValid = c.ended && (expectPose ? c.poseSeen === 1 && POSE_ANSWER_PATTERN.test(text) : c.poseSeen === 0);
      return { index: c.index, text, tokens: c.tokens, pose, mu: c.mu, sigma, cholRaw: c.raw, textLogProb: c.textLogProb, tokenLogProbs: c.tokenLogProbs, ended: c.ended, poseLogProb, formatValid };
    });
    return { candidates, promptTokens: P, steps, seconds: (performance.now() - t0) / 1000 };
  }

  release(): Promise<void> {
    return Promise.all([this.prefill.release(), this.decode.release()]).then(() => undefined);
  }
}
