/**
 * Which super-posecodes an opening action / category / name sentence already states, so the body of the
 * caption does not say them again ("The subject is kneeling on the left knee. … he is kneeling on the left
 * knee"). A super-posecode counts as stated when one of its own phrasings appears in the sentence, or when
 * the sentence carries its key word (kneel, squat, sit, lie / lying, bend / bent / fold with the direction,
 * arms raised / overhead, arms out, shoulder-width). Sides are respected: "kneeling on the right knee" does
 * not state kneeling on the left knee.
 */
import { SUPER_PREDICATES } from './phrases';
import { SUPERS } from './superPosecodes';

type Test = (s: string) => boolean;

const has = (re: RegExp): Test => (s) => re.test(s);
const all = (...tests: Test[]): Test => (s) => tests.every((t) => t(s));
const any = (...tests: Test[]): Test => (s) => tests.some((t) => t(s));
const not = (t: Test): Test => (s) => !t(s);

const BEND = has(/\b(bend\w*|bent|fold\w*|bow\w*|hunch\w*)\b/);
const SIT = has(/\b(sit\w*|seated|sat)\b/);
const LIE = has(/\b(lying|lie[sd]?|prone|supine|face (up|down))\b/);
/** One side named, or no side at all ("is down on one knee"). */
const sideOk = (side: 'left' | 'right'): Test => {
  const other = side === 'left' ? 'right' : 'left';
  return any(has(new RegExp(`\\b${side}\\b`)), not(has(new RegExp(`\\b${other}\\b`))));
};

const KEY_WORDS: Readonly<Record<string, Test>> = {
  'super:kneeling': has(/\b(kneel\w*|knelt|knees)\b/),
  'super:kneeling_left': all(has(/\b(kneel\w*|knelt|(one|a|the left) knee)\b/), sideOk('left')),
  'super:kneeling_right': all(has(/\b(kneel\w*|knelt|(one|a|the right) knee)\b/), sideOk('right')),
  'super:squatting': has(/\b(squat\w*|crouch\w*)\b/),
  'super:sitting_floor': SIT,
  'super:seated': SIT,
  'super:standing_straight': has(/\b(stand\w*|stood)\b/),
  'super:lying_back': LIE,
  'super:lying_front': LIE,
  'super:lying_left': all(LIE, sideOk('left')),
  'super:lying_right': all(LIE, sideOk('right')),
  'super:torso_horizontal': has(/\b(horizontal|parallel to the (floor|ground))\b/),
  'super:bent_forward': any(all(BEND, has(/\b(forward|over)\b/)), has(/\bforward fold\b/)),
  'super:bent_backward': any(all(any(BEND, has(/\barch\w*/)), has(/\bback(ward)?\b/)), has(/\bback ?bend\b/)),
  'super:bent_left': all(BEND, has(/\b(left|sideways|side)\b/)),
  'super:bent_right': all(BEND, has(/\b(right|sideways|side)\b/)),
  'super:hands_shoulder_width': all(has(/\bshoulder[- ]width\b/), has(/\b(hands|arms)\b/)),
  'super:feet_shoulder_width': all(has(/\bshoulder[- ]width\b/), has(/\b(feet|legs|stance)\b/)),
  'super:arms_out': any(has(/\barms\b[^.]*\b(out|outstretched|spread|wide|sideways)\b/), has(/\bt-pose\b/)),
  'super:arms_up': any(has(/\b(overhead|above the head|over the head)\b/), has(/\barms\b[^.]*\b(up|raised|lifted|high)\b/), has(/\b(raised|lifted) arms\b/)),
};

/** For every super-posecode (by index): whether `sentence` already states it. */
export function supersStatedBy(sentence: string): Uint8Array {
  const s = sentence.toLowerCase();
  const out = new Uint8Array(SUPERS.length);
  for (const def of SUPERS) {
    // Phrasings alone only for whole-person / whole-body supers: "shoulder-width apart" could be the hands or the feet.
    const phrases = def.subject === 'person' || def.subject === 'body' ? (SUPER_PREDICATES[def.id] ?? []) : [];
    const key = KEY_WORDS[def.id];
    if (phrases.some((p) => s.includes(p)) || (key !== undefined && key(s))) out[def.index] = 1;
  }
  return out;
}

/** Every super-posecode has key words (checked by the tests: a new super-posecode must add its own). */
export const SUPERS_WITH_KEY_WORDS: readonly string[] = Object.keys(KEY_WORDS);
