/** The generate benchmark's fixed workload: one realistic text→pose prompt. */

/** A caption in the data engine's style, 60 tokens under the shipped tokenizer. */
export const CAPTION =
  'The person is kneeling on the left knee with the right foot planted on the ground. The right hand is raised above the head ' +
  'while the left hand rests on the left thigh and the elbows are spread apart. The torso is leaning slightly forward and the ' +
  'head is turned a little to the right side.';

/** The caption in the first text→pose template of the training data (data/tasks/templates.ts). */
export const PROMPT = `Generate the SMPL pose described here: ${CAPTION}`;

/** Longest answer, the sampler's default for pose prompts, stated so the replay knows the budget. */
export const MAX_NEW_TOKENS = 32;
