// A HyGRPO run config small enough for tests (the tiny policy of models/policy/test-util.ts, its own 12 captions as
// queries, plausibility as the only pose reward so no retrieval model is needed): the tests are about bookkeeping.
import path from 'node:path';
import { hygrpoPreset, type HyGRPOConfig } from './config';

export function tinyBookkeepingConfig(policyDir: string, o: { steps: number; checkpointEvery: number }): HyGRPOConfig {
  return {
    ...hygrpoPreset('quick-cpu'),
    groupSize: 4,
    queriesPerStep: 2,
    steps: o.steps,
    checkpointEvery: o.checkpointEvery,
    lr: { schedule: 'constant', peak: 1e-3, min: 1e-3, warmupSteps: 0 },
    taskMix: { text2pose: 1 },
    rewardWeights: { format: 1, textSimilarity: 0, semantic: 0, spatial: 0, posecode: 0, plausibility: 1 },
    sampling: { temperature: 1, sigmaScale: 1, maxNewTokens: 24 },
    data: { seed: 5, count: 120, shardSize: 120, pool: 12, tasks: ['text2pose'] },
    policy: path.resolve(policyDir),
  };
}
