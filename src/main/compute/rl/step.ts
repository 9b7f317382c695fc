/**
 * The one compiled HyGRPO update (teacher-forced policy over the rollout's sequences → token log-probs and the
 * Gaussian head → hygrpoLoss → backward → clipped AdamW, one ONNX session run) and the step's metrics.
 */
import { Graph, type ParamStore, type StepResult, Trainer } from '../graph';
import type { PolicyModelConfig } from '../models/policy/config';
import { choleskyFromRaw, entropy } from '../models/policy/gaussian-ref';
import { PolicyNet } from '../models/policy/net';
import { hygrpoSchedule, lossOptionsOf, type HyGRPOConfig } from './config';
import { hygrpoBatchInputs, hygrpoLoss, hygrpoMetrics } from './loss';
import { readPolicy } from './policy-graph';
import { REWARD_NAMES } from './rewards';
import type { Rollout } from './rollout';

/** A Trainer over `store` (the sampler reads the same store, so each rollout samples the latest weights). */
export async function createHyGRPOTrainer(model: PolicyModelConfig, cfg: HyGRPOConfig, store: ParamStore, o: { intraOpThreads?: number } = {}): Promise<Trainer> {
  const g = new Graph();
  const net = new PolicyNet(model);
  const inp = hygrpoBatchInputs(g);
  const pol = readPolicy(net, g, inp.targets, cfg.sampling.temperature, { stopCovGradient: true });
  const terms = hygrpoLoss(
    { logProbs: pol.logProbs, oldLogProbs: inp.oldLogProbs, refLogProbs: inp.refLogProbs, mask: inp.answerMask, advantages: inp.advText },
    cfg.plainGrpo
      ? null
      : { mu: pol.mu, chol: pol.chol, x: inp.poseX, oldLogDensity: inp.oldPoseLogDensity, refMu: inp.refMu, refChol: inp.refChol, scale: inp.sigmaScale, valid: inp.poseValid, advantages: inp.advPose },
    lossOptionsOf(cfg),
  );
  const settings = o.intraOpThreads ? { settings: { intraOpThreads: o.intraOpThreads } } : {};
  return Trainer.create(g, {
    loss: terms.loss,
    metrics: hygrpoMetrics(terms),
    optimizer: { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: cfg.weightDecay },
    clipNorm: cfg.clipNorm,
    schedule: hygrpoSchedule(cfg),
    store,
    ...settings,
  });
}

/** One step's metrics by name (null: nothing to average this step, e.g. no pose task drawn). */
export type StepMetrics = Record<string, number | null>;

function meanStd(values: Iterable<number>): { mean: number | null; std: number | null } {
  const xs = [...values].filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { mean: null, std: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, std };
}

/** The names `stepMetrics` may write, for stores and charts. */
export const STEP_METRIC_NAMES: readonly string[] = [
  ...REWARD_NAMES.flatMap((n) => [`reward.${n}.mean`, `reward.${n}.std`]),
  'reward.discrete.mean',
  'reward.discrete.std',
  'reward.continuous.mean',
  'reward.continuous.std',
  'adv.text.std',
  'adv.text.abs_mean',
  'adv.pose.std',
  'adv.pose.abs_mean',
  'groups.guarded_text',
  'groups.guarded_pose',
  'groups.informative',
  'text_surrogate',
  'pose_surrogate',
  'kl_text',
  'kl_pose',
  'clip_frac_text',
  'clip_frac_pose',
  'clamp_frac_pose',
  'ratio_text',
  'ratio_pose',
  'sigma.mean',
  'entropy.pose',
  'entropy.text',
  'format_rate',
  'valid_frac',
  'answer_tokens',
  'loss',
  'grad_norm',
  'lr',
  'seconds.step',
  'seconds.sample',
];

/**
 * Metrics of one step from its rollout and update. Reward statistics are over the candidates a reward scored;
 * σ and the pose entropy are the sampling policy's (at scale 1) over V; the text entropy is the mean −log π_old
 * per answer token, a one-sample estimate of the token entropy under the sampling distribution.
 */
export function stepMetrics(r: Rollout, u: StepResult, extra: { lr: number; seconds: number; minStd: number }): StepMetrics {
  const m: StepMetrics = {};
  for (const n of REWARD_NAMES) {
    const s = meanStd(r.rewards.components[n]);
    m[`reward.${n}.mean`] = s.mean;
    m[`reward.${n}.std`] = s.std;
  }
  const d = meanStd(r.rewards.discrete);
  const c = meanStd(r.rewards.continuous);
  Object.assign(m, { 'reward.discrete.mean': d.mean, 'reward.discrete.std': d.std, 'reward.continuous.mean': c.mean, 'reward.continuous.std': c.std });
  const valid = r.rewards.valid;
  const advT = meanStd(r.advantages.discrete);
  const advP = meanStd(r.advantages.continuous.filter((_, i) => valid[i]));
  m['adv.text.std'] = advT.std;
  m['adv.text.abs_mean'] = meanStd(r.advantages.discrete.map(Math.abs)).mean;
  m['adv.pose.std'] = advP.std;
  m['adv.pose.abs_mean'] = meanStd(r.advantages.continuous.filter((_, i) => valid[i]).map(Math.abs)).mean;
  const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : null);
  m['groups.guarded_text'] = share(r.advantages.discreteGroups.map((g) => g.guarded));
  m['groups.guarded_pose'] = share(r.advantages.continuousGroups.filter((_, q) => r.groups[q]!.drawn.query.task === 'text2pose' || r.groups[q]!.drawn.query.task === 'landmarks2pose').map((g) => g.guarded));
  m['groups.informative'] = share(r.advantages.informative);
  for (const [k, t] of Object.entries(u.metrics)) m[k] = Number(t.data[0]);

  const cands = r.groups.flatMap((g) => g.candidates.map((cand) => ({ cand, task: g.drawn.query.task })));
  const sig: number[] = [];
  const ent: number[] = [];
  cands.forEach(({ cand }, i) => {
    if (!valid[i] || !cand.sigma || !cand.cholRaw) return;
    sig.push(cand.sigma.reduce((a, b) => a + b, 0) / cand.sigma.length);
    ent.push(entropy(choleskyFromRaw(cand.cholRaw, extra.minStd)));
  });
  m['sigma.mean'] = meanStd(sig).mean;
  m['entropy.pose'] = meanStd(ent).mean;
  const tokens = cands.reduce((a, { cand }) => a + cand.tokenLogProbs.length, 0);
  m['entropy.text'] = tokens ? -cands.reduce((a, { cand }) => a + cand.textLogProb, 0) / tokens : null;
  m.format_rate = meanStd(r.rewards.components.format).mean ?? share(cands.map(({ cand }) => cand.formatValid));
  const poseRows = cands.map(({ task }, i) => ({ task, i })).filter(({ task }) => task === 'text2pose' || task === 'landmarks2pose');
  m.valid_frac = poseRows.length ? poseRows.filter(({ i }) => valid[i]).length / poseRows.length : null;
  m.answer_tokens = tokens / Math.max(1, cands.length);
  m.loss = u.loss;
  m.grad_norm = u.gradNorm;
  m.lr = extra.lr;
  m['seconds.step'] = extra.seconds;
  m['seconds.sample'] = r.seconds.sample;
  return m;
}
