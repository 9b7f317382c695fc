/** The policy's evaluation suite (`pose-studio eval policy`, scripts/policy-card.ts); see README.md. */
export { DEFAULT_EVAL_COUNTS, loadPolicyEvalData, recordPosecodes, type EvalItem, type PolicyEvalCounts, type PolicyEvalData } from './data';
export {
  argmax,
  averageRecall,
  captionF1,
  drawSimilarity,
  jointLimitSummary,
  landmarksMetrics,
  poseToTextMetrics,
  questionMetrics,
  text2poseMetrics,
  type CaptionScore,
  type EvalCandidate,
  type JointLimitSummary,
  type LandmarksMetrics,
  type PooledProtocol,
  type PoseToTextMetrics,
  type QuestionMetrics,
  type RecallSummary,
  type Text2PoseInput,
  type Text2PoseMetrics,
} from './metrics';
export {
  DEFAULT_EVAL_SETTINGS,
  evaluatePolicy,
  evaluateReferences,
  type EvalProgress,
  type PolicyEvalResult,
  type PolicyEvalSettings,
  type PolicyGenerator,
  type PoseSetReference,
  type ReferenceRows,
  type TextPoseEmbedder,
} from './run';
export { markdownTable, table3, TABLE3_HEAD, textTable, type NamedResult, type Table } from './format';
