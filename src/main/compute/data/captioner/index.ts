/**
 * Posecode captioner: automatic pose descriptions in the manner of PoseScript (our own
 * implementation, thresholds from /work/shared/reference/posecodes.md, our own wording), each
 * caption carrying the posecodes it asserts so it can be checked against any pose.
 */
export { caption, type CaptionOptions, type Caption, DEFAULT_MAX_CODES } from './caption';
export {
  type Posecode,
  measurePosecodes,
  posecodeAgreement,
  swapSidesPosecodes,
  swapSidesText,
  posecodeVocabulary,
} from './posecode';
export { measureValues } from './measure';
export { CODES, NUM_CODES, type CodeDef } from './table';
export { SUPERS, SUPER_SPECS } from './superPosecodes';

/** Bumped whenever thresholds, codes, rules or wording change what captions say. */
export const CAPTIONER_VERSION = 'posecodes-1.1.0';
