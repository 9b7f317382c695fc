/**
 * The policy read by teacher forcing over sampled answers: per-position log-probs of the tokens that were drawn
 * (under the sampling temperature) and the Gaussian head at each row's `<POSE>`. One definition serves the frozen
 * reference's inference program and the update step, so the two read the same numbers from the same weights.
 */
import { Graph, type InferenceProgram, type ParamStore, type Tensor, compileInference, reshape, stopGradient } from '../graph';
import { Scope } from '../graph/layers';
import type { HostTensor } from '../runtime';
import type { PolicyModelConfig } from '../models/policy/config';
import { choleskyFromRaw, type GaussianBlocks } from '../models/policy/gaussian-head';
import { CHOL_RAW_PER_JOINT, pickPosition, PolicyNet } from '../models/policy/net';
import { MODALITY_FEATURES } from '../models/policy/sequence';
import { tokenLogProbs } from './loss';

export const POSE_JOINTS = 22;

export interface PolicyReadout {
  /** log π(target) per position [B, T] under the temperature. */
  logProbs: Tensor;
  /** [B, 66] at each row's `<POSE>` (a zero hidden state for rows without one: finite, never read). */
  mu: Tensor;
  chol: GaussianBlocks;
}

/**
 * Declares `ids`, `features` and `pose_mask` (targets come from the caller: the update step declares them with the
 * rest of the rollout's inputs). `stopCovGradient`: the covariance head reads a stop-gradient copy of the state, as
 * in supervised training, so the steep gradients of the log-density w.r.t. σ move only the covariance head and
 * never the trunk the words share.
 */
export function readPolicy(net: PolicyNet, g: Graph, targets: Tensor, temperature: number, o: { stopCovGradient: boolean }): PolicyReadout {
  if (net.config.head !== 'gaussian') throw new Error('HyGRPO needs a policy with the Gaussian pose head (the deterministic head has no pose log-density)');
  const s = new Scope(g);
  const f = net.forward(s, g.input('ids', ['B', 'T'], 'int64'), g.input('features', ['B', 'T', MODALITY_FEATURES]));
  const h = pickPosition(f.hidden, g.input('pose_mask', ['B', 'T']));
  const head = net.pose(s, h, o.stopCovGradient ? stopGradient(h) : h);
  const raw = reshape(head.raw!, [...head.raw!.shape.slice(0, -1), POSE_JOINTS, CHOL_RAW_PER_JOINT]);
  return { logProbs: tokenLogProbs(f.logits, targets, temperature), mu: head.mu, chol: choleskyFromRaw(raw, net.config.minStd) };
}

export interface ReferenceReadout {
  /** [B, T] */
  logProbs: Float32Array;
  /** [B, 66] */
  mu: Float32Array;
  /** [B, 22, 3] each */
  diag: Float32Array;
  off: Float32Array;
}

/** The frozen reference policy: its own store (the starting checkpoint), read once per sampled candidate. */
export class ReferencePolicy {
  /** Rows read so far (one per candidate: the reference is never read twice for the same sequence). */
  rowsRead = 0;

  private constructor(
    readonly store: ParamStore,
    private readonly program: InferenceProgram,
  ) {}

  static async create(config: PolicyModelConfig, store: ParamStore, temperature: number, o: { intraOpThreads?: number } = {}): Promise<ReferencePolicy> {
    const g = new Graph();
    const r = readPolicy(new PolicyNet(config), g, g.input('targets', ['B', 'T'], 'int64'), temperature, { stopCovGradient: false });
    const settings = o.intraOpThreads ? { settings: { intraOpThreads: o.intraOpThreads } } : {};
    const program = await compileInference(g, { logp: r.logProbs, mu: r.mu, diag: r.chol.diag, off: r.chol.off }, { name: 'hygrpo-reference', ...settings });
    return new ReferencePolicy(store, program);
  }

  async read(feeds: { ids: HostTensor; features: HostTensor; targets: HostTensor; pose_mask: HostTensor }): Promise<ReferenceReadout> {
    const r = await this.program.run(feeds, this.store);
    this.rowsRead += feeds.ids.dims[0]!;
    const data = (name: string) => r[name]!.data as Float32Array;
    return { logProbs: data('logp'), mu: data('mu'), diag: data('diag'), off: data('off') };
  }

  release(): Promise<void> {
    return this.program.release();
  }
}
