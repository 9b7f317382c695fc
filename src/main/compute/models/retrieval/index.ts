export * from './config';
export { RetrievalNet, contrastiveLoss, l2Normalize } from './net';
export { poseFeatures, padTokens, type TokenBatch } from './features';
export { textPosePairs, type TextPosePairs, type PairOptions } from './pairs';
export { RetrievalEncoder, similarityMatrix, pairCosines, type EncoderOptions } from './encoder';
export { trainRetrieval, evaluatePairs, type StepLog, type EvalLog, type TrainOptions, type TrainResult } from './train';
export { evaluateRetrieval, testPairs, embedPairs, rewardSeparation, aucOf, matchedAndMismatched, type Protocol, type RetrievalEval, type RewardSeparation } from './evaluate';
export { semanticRewards } from './reward';
