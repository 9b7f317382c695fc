/** The instructions the policy reads for a user's request (phrased as one of the templates it was trained on). */
import { captionStyleQuery } from '../../search/query-phrasing';

/** The text→pose instruction for a user's description. */
export function textToPoseInstruction(description: string): string {
  return `Generate the SMPL pose described here: ${captionStyleQuery(description)}`;
}
