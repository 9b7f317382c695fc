/**
 * Evaluation metrics: pure functions (no node:*, no I/O). Definitions, units and protocols are in
 * src/main/compute/eval/README.md; each file's header states its own.
 */
export {
  M_TO_MM,
  type MpjpeOptions,
  type ProcrustesResult,
  type PoseErrors,
  mpjpe,
  paMpjpe,
  procrustesAlign,
  bodyJoints,
  poseErrorsMm,
} from './pose';
export { type Svd3, svd3, det3 } from './svd3';
export {
  type SimMatrix,
  type RecallResult,
  type PooledRecallResult,
  type PooledRecallOptions,
  DEFAULT_KS,
  rankOfTrue,
  recallFull,
  recallPooled,
  formatRecall,
} from './retrieval';
export { type SampleDiversity, averagePairwiseDistance, averagePairwiseDistanceFlat, sampleDiversityMm } from './diversity';
export { type PosecodeItem, type PosecodeAgreementResult, meanPosecodeAgreement } from './posecodes';
export { type JointLimitOptions, type JointLimitResult, jointLimitViolationRate } from './limits';
