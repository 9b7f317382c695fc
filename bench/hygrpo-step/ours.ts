/**
 * Our side of the HyGRPO-step benchmark: the engine's own pieces, unchanged, wired as `runHyGRPO` wires them
 * (rl/train.ts), except that the sampler and the update each get their own copy of the starting weights: the
 * sampler keeps sampling the shipped policy, so every timed rollout repeats the same work (same seeds, same
 * weights, same candidates), while the trainer's weights move with each timed update.
 */
import type { StepResult, Trainer } from '../../src/main/compute/graph';
import type { HostTensor } from '../../src/main/compute/runtime';
import { PolicySampler } from '../../src/main/compute/models/policy/sampler';
import { RetrievalEncoder } from '../../src/main/compute/models/retrieval/encoder';
import type { TextTokenizer } from '../../src/main/compute/text/tokenizer';
import type { HyGRPOConfig } from '../../src/main/compute/rl/config';
import { ReferencePolicy } from '../../src/main/compute/rl/policy-graph';
import type { DrawnQuery } from '../../src/main/compute/rl/queries';
import { rollout, type Rollout } from '../../src/main/compute/rl/rollout';
import { createHyGRPOTrainer } from '../../src/main/compute/rl/step';
import { loadPolicyStore } from '../../src/main/compute/rl/train';

export class OursHyGRPO {
  private constructor(
    readonly cfg: HyGRPOConfig,
    private readonly tokenizer: TextTokenizer,
    private readonly sampler: PolicySampler,
    private readonly reference: ReferencePolicy,
    private readonly encoder: RetrievalEncoder | null,
    readonly trainer: Trainer,
  ) {}

  static async load(o: { policyDir: string; retrievalDir: string | null; cfg: HyGRPOConfig; tokenizer: TextTokenizer; threads: number }): Promise<OursHyGRPO> {
    const threads = { intraOpThreads: o.threads };
    // Three copies of the checkpoint, as a run has them: the sampled policy, the frozen reference, the trained one.
    const sampled = loadPolicyStore(o.policyDir);
    const ref = loadPolicyStore(o.policyDir);
    const trained = loadPolicyStore(o.policyDir);
    const sampler = await PolicySampler.create(sampled.model, o.tokenizer, sampled.store, threads);
    const reference = await ReferencePolicy.create(ref.model, ref.store, o.cfg.sampling.temperature, threads);
    const encoder = o.retrievalDir ? await RetrievalEncoder.load(o.retrievalDir, o.tokenizer, threads) : null;
    const trainer = await createHyGRPOTrainer(trained.model, o.cfg, trained.store, threads);
    return new OursHyGRPO(o.cfg, o.tokenizer, sampler, reference, encoder, trainer);
  }

  /** G candidates per query, the reference read, rewards and advantages: the update's feeds. */
  rollout(drawn: readonly DrawnQuery[]): Promise<Rollout> {
    return rollout(drawn, this.cfg, { policy: this.sampler, reference: this.reference, encoder: this.encoder, tokenizer: this.tokenizer });
  }

  /** One compiled update (forward, loss, backward, clipped AdamW: one session run) at the schedule's next lr. */
  update(feeds: Record<string, HostTensor>): Promise<StepResult> {
    return this.trainer.step(feeds);
  }

  async release(): Promise<void> {
    await Promise.all([this.sampler.release(), this.reference.release(), this.encoder?.release(), this.trainer.release()]);
  }
}
