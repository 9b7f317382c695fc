/** Runs the PyTorch HyGRPO-step peer (bench/peers/torch_hygrpo_step.py, Debian python3-torch) and parses its JSON line. */
import path from 'node:path';
import type { HyGRPOConfig } from '../../src/main/compute/rl/config';
import { ROOT } from '../lib/machine';
import { runSpecPeer } from '../lib/process';
import { PEER_PYTHON } from '../train-step/peer';

const SCRIPT = path.join(ROOT, 'bench', 'peers', 'torch_hygrpo_step.py');

/** The loss and optimiser options the peer needs, named as its spec reads them. */
export interface PeerOptions {
  temperature: number;
  clip_low: number;
  clip_high: number;
  beta_text: number;
  beta_pose: number;
  kl_clamp: number;
  pose_clamp: number;
  plain_grpo: boolean;
  weight_decay: number;
  clip_norm: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Learning rate of each step the peer takes (the last one is held). */
  lrs: number[];
  /** torch.optim.AdamW's multi-tensor path (null: torch's default). */
  foreach: boolean | null;
}

/** The options of `cfg` as the peer reads them; Adam's β and ε are those createHyGRPOTrainer compiles. */
export function peerOptions(cfg: HyGRPOConfig, lrs: number[], foreach: boolean | null): PeerOptions {
  return {
    temperature: cfg.sampling.temperature,
    clip_low: cfg.clip.low,
    clip_high: cfg.clip.high,
    beta_text: cfg.beta.text,
    beta_pose: cfg.beta.pose,
    kl_clamp: cfg.klLogRatioClamp,
    pose_clamp: cfg.poseLogRatioClamp,
    plain_grpo: cfg.plainGrpo,
    weight_decay: cfg.weightDecay,
    clip_norm: cfg.clipNorm,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    lrs,
    foreach,
  };
}

export interface PeerSpec {
  model_dir: string;
  /** Weights to start from instead of the checkpoint's (checkpoint names and layout). */
  weights?: string;
  /** The update's feeds (safetensors). */
  batch: string;
  options: PeerOptions;
  threads: number;
  /** Steps after the first (untimed) one, before the timed ones. */
  warmup: number;
  runs: number;
  /** Where to write the weights after the first step (checkpoint names and layout). */
  weights_out?: string;
}

export interface PeerFirstStep {
  loss: number;
  grad_norm: number;
  metrics: Record<string, number>;
  ms: number;
}

export interface PeerResult {
  peer: string;
  torch: string;
  blas: string[];
  threads: number;
  params: number;
  first: PeerFirstStep;
  step_ms: number[];
}

export function runHyGRPOPeer(spec: PeerSpec): Promise<PeerResult> {
  return runSpecPeer<PeerResult>('torch hygrpo-step peer', PEER_PYTHON, SCRIPT, spec);
}
