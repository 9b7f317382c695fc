import { mirrorPose } from '../../../../shared/body';
import type { LibraryPose } from '../types';

/**
 * Mirroring a library pose: the pose reflected left ↔ right (mirrorPose), and every side word in
 * its name, tags, synonyms and actions swapped, so a mirrored "kneeling on the left knee" is
 * called "kneeling on the right knee". The id gets MIRROR_SUFFIX; mirroring a mirror removes it,
 * so mirroring twice gives the original back exactly.
 */

export const MIRROR_SUFFIX = '~mirror';

// 'left' / 'right' as a whole word or with a side suffix (leftward(s), rightmost, left-handed…),
// not inside another word (cleft, bright, leftover, righteous). Underscore and hyphen count as
// separators, so 'left_hand' and 'left-hand' swap too.
const SIDE_WORD = /(?<![A-Za-z0-9])(left|right)(?=(?:wards?|most|handed|hander)?(?![A-Za-z0-9]))/gi;

// 'right' that is not a side: a right angle, right away, right now, all right, just right
// (checked around each match).
const NOT_A_SIDE_AFTER = /^[\s-]*(angle|angled|angles|away|now)\b/i;
const NOT_A_SIDE_BEFORE = /\b(all|just)\s+$/i;

function matchCase(word: string, like: string): string {
  if (like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] === like[0].toUpperCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/**
 * Swaps 'left' ↔ 'right' (case-preserving: 'Left' → 'Right', 'LEFT' → 'RIGHT') wherever they name
 * a side: whole words and side compounds ('leftward', 'right-handed', 'left_hand'), never inside
 * other words ('cleft', 'bright', 'leftover'), and not idioms such as 'right angle' or 'all right'.
 */
export function swapSidesText(text: string): string {
  return text.replace(SIDE_WORD, (m: string, _w: string, offset: number) => {
    const lower = m.toLowerCase();
    if (lower === 'right') {
      const after = text.slice(offset + m.length);
      if (NOT_A_SIDE_AFTER.test(after)) return m;
      if (NOT_A_SIDE_BEFORE.test(text.slice(Math.max(0, offset - 8), offset))) return m;
    }
    return matchCase(lower === 'left' ? 'right' : 'left', m);
  });
}

/** The mirror image of a library pose, sides swapped in its pose and words. */
export function mirrorLibraryPose(p: LibraryPose): LibraryPose {
  const id = p.id.endsWith(MIRROR_SUFFIX) ? p.id.slice(0, -MIRROR_SUFFIX.length) : p.id + MIRROR_SUFFIX;
  return {
    id,
    name: swapSidesText(p.name),
    category: p.category,
    tags: p.tags.map(swapSidesText),
    synonyms: p.synonyms.map(swapSidesText),
    actions: p.actions.map(swapSidesText),
    pose: mirrorPose(Float32Array.from(p.pose)),
  };
}
