/**
 * Prompt and answer templates of the policy's tasks. Modality inputs appear in the prompt as a slot token the
 * model replaces by projected tokens (landmarks, joints); a pose output appears in the answer as `<POSE>`, the
 * token at which the Gaussian head emits the 66 numbers. The format reward checks answers against
 * `POSE_ANSWER_PATTERN`.
 */
import type { Rng } from '../random';

export const SPECIAL_TOKENS = {
  /** Where the pose head emits a pose. */
  pose: '<POSE>',
  /** Where projected image-landmark tokens are inserted (image/landmarks → pose). */
  landmarks: '<LANDMARKS>',
  /** Where projected joint tokens of an input pose are inserted (pose → text, questions). */
  joints: '<JOINTS>',
} as const;

const TEXT_TO_POSE_PROMPTS: readonly ((caption: string) => string)[] = [
  (c) => `Generate the SMPL pose described here: ${c}`,
  (c) => `${c} Give me this pose.`,
  (c) => `Create a 3D pose that matches this description. ${c}`,
  (c) => `What is the SMPL pose of this description? ${c}`,
  (c) => `Pose the body like this: ${c}`,
  (c) => `Description: ${c} Produce the matching pose.`,
];

const POSE_ANSWERS: readonly string[] = [
  `The SMPL pose of this person is ${SPECIAL_TOKENS.pose}.`,
  `Here is the pose: ${SPECIAL_TOKENS.pose}.`,
  `Sure, the pose is ${SPECIAL_TOKENS.pose}.`,
  `This is the requested pose: ${SPECIAL_TOKENS.pose}.`,
];

export const LANDMARK_PROMPTS: readonly string[] = [
  `${SPECIAL_TOKENS.landmarks} Estimate the SMPL pose of the person from these image landmarks.`,
  `${SPECIAL_TOKENS.landmarks} What is the 3D pose of this person?`,
  `Here are the detected body landmarks of a person: ${SPECIAL_TOKENS.landmarks} Recover the SMPL pose.`,
  `${SPECIAL_TOKENS.landmarks} Lift these 2D keypoints to a 3D SMPL pose.`,
];

const DESCRIBE_PROMPTS: readonly string[] = [
  `${SPECIAL_TOKENS.joints} Describe this pose.`,
  `${SPECIAL_TOKENS.joints} How is this person positioned?`,
  `Describe the body position in detail: ${SPECIAL_TOKENS.joints}`,
  `${SPECIAL_TOKENS.joints} Write a caption for this pose.`,
  `${SPECIAL_TOKENS.joints} What is this person doing with their body?`,
];

const QUESTION_PREFIXES: readonly ((q: string) => string)[] = [
  (q) => `${SPECIAL_TOKENS.joints} ${q}`,
  (q) => `Look at this pose: ${SPECIAL_TOKENS.joints} ${q}`,
  (q) => `${SPECIAL_TOKENS.joints} Answer about the pose. ${q}`,
];

/** Any answer that places exactly one pose slot in a sentence (the format reward). */
export const POSE_ANSWER_PATTERN = /^[^<>]*<POSE>[^<>]*$/;

export const textToPosePrompt = (caption: string, rng: Rng) => rng.pick(TEXT_TO_POSE_PROMPTS)(caption);
export const poseAnswer = (rng: Rng) => rng.pick(POSE_ANSWERS);
export const landmarksPrompt = (rng: Rng) => rng.pick(LANDMARK_PROMPTS);
export const describePrompt = (rng: Rng) => rng.pick(DESCRIBE_PROMPTS);
export const questionPrompt = (question: string, rng: Rng) => rng.pick(QUESTION_PREFIXES)(question);

/** Every template string, for the tokenizer's training corpus (slots included, as they appear in data). */
export function templateCorpus(): string[] {
  return [
    ...TEXT_TO_POSE_PROMPTS.map((f) => f('')),
    ...POSE_ANSWERS,
    ...LANDMARK_PROMPTS,
    ...DESCRIBE_PROMPTS,
    ...QUESTION_PREFIXES.map((f) => f('')),
  ].map((s) => s.trim());
}
