/** Runs the PyTorch generate peer (bench/peers/torch_generate.py, Debian python3-torch) and parses its JSON line. */
import path from 'node:path';
import { runSpecPeer } from '../lib/process';
import { ROOT } from '../lib/machine';
import { PEER_PYTHON } from '../train-step/peer';

const SCRIPT = path.join(ROOT, 'bench', 'peers', 'torch_generate.py');

/** What the peer replays: the same checkpoint, prompt ids and fed ids as one of our generations. */
export interface PeerSpec {
  model_dir: string;
  prompt_ids: number[];
  /** Ids our decode steps fed, [steps][G]. */
  fed: number[][];
  /** Token draws: one per decode step, plus the last one that ended every candidate (when they all ended). */
  draws: number;
  G: number;
  temperature: number;
  sigma_scale: number;
  seed: number;
  pose_id: number;
  /** Modality feature width (zeros for a text prompt, still projected). */
  features: number;
  threads: number;
  warmup: number;
  runs: number;
}

export interface PeerResult {
  peer: string;
  torch: string;
  blas: string[];
  threads: number;
  runs: number;
  /** Per timed generation, by phase (ms). */
  times: { total_ms: number[]; prefill_ms: number[]; decode_ms: number[]; host_ms: number[] };
  prefill_last_logits: number[];
  /** μ per candidate (null where its answer had no `<POSE>`). */
  mus: (number[] | null)[];
  /** The decode step's μ output for all rows at the last step, [G × 66] flat. */
  last_step_mu: number[] | null;
}

export function runGeneratePeer(spec: PeerSpec): Promise<PeerResult> {
  return runSpecPeer<PeerResult>('torch generate peer', PEER_PYTHON, SCRIPT, spec);
}
