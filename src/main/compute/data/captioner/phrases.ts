/**
 * Our wording: body-part nouns and, for every said category of every phrase family, at least five
 * predicates. A predicate follows the copula ("the left knee IS <predicate>"), so facts about the
 * same subject can be joined ("… is above the head and close to the right hand") and a fact can
 * be turned into a "with" clause by dropping the copula ("…, with the left knee bent"). {O} is the
 * object's noun phrase.
 */
import type { PhraseKind } from './table';

export interface Noun {
  singular: readonly string[];
  plural: readonly string[];
}

/** Nouns by part base (a part id without its side), e.g. 'hand' for 'left_hand'. */
export const NOUNS: Readonly<Record<string, Noun>> = {
  hand: { singular: ['hand'], plural: ['hands'] },
  elbow: { singular: ['elbow'], plural: ['elbows'] },
  knee: { singular: ['knee'], plural: ['knees'] },
  shoulder: { singular: ['shoulder'], plural: ['shoulders'] },
  hip: { singular: ['hip'], plural: ['hips'] },
  ankle: { singular: ['foot', 'ankle'], plural: ['feet', 'ankles'] },
  foot: { singular: ['foot'], plural: ['feet'] },
  thigh: { singular: ['thigh', 'upper leg'], plural: ['thighs', 'upper legs'] },
  shin: { singular: ['shin', 'lower leg'], plural: ['shins', 'lower legs'] },
  upper_arm: { singular: ['upper arm'], plural: ['upper arms'] },
  forearm: { singular: ['forearm', 'lower arm'], plural: ['forearms', 'lower arms'] },
  arm: { singular: ['arm'], plural: ['arms'] },
  leg: { singular: ['leg'], plural: ['legs'] },
  head: { singular: ['head'], plural: ['head'] },
  neck: { singular: ['neck'], plural: ['neck'] },
  pelvis: { singular: ['pelvis', 'hip area'], plural: ['pelvis'] },
  torso: { singular: ['torso', 'upper body', 'trunk'], plural: ['torso'] },
  body: { singular: ['body', 'upper body', 'torso'], plural: ['body'] },
};

/** Subjects standing for the whole person, by determiner: [subject form, object form (after "with")]. */
export const PERSON: Readonly<Record<string, { subject: readonly string[]; object: readonly string[]; plural: boolean }>> = {
  the: { subject: ['the person', 'the figure', 'this person', 'the individual', 'the subject'], object: ['the person', 'the figure'], plural: false },
  their: { subject: ['they'], object: ['them'], plural: true },
  his: { subject: ['he'], object: ['him'], plural: false },
  her: { subject: ['she'], object: ['her'], plural: false },
};

type Phrasebook = Readonly<Record<string, readonly string[]>>;

const sideMirror = (book: Record<string, string[]>, from: 'right' | 'left', to: 'right' | 'left'): void => {
  for (const [cat, list] of Object.entries(book)) {
    if (!cat.includes(from)) continue;
    const target = cat.replace(from, to);
    if (!book[target]) book[target] = list.map((p) => p.replace(new RegExp(from, 'g'), to));
  }
};

const xBook: Record<string, string[]> = {
  'at right': ['to the right of {O}', 'on the right side of {O}', 'further right than {O}', 'off to the right of {O}', 'right of {O}'],
  aligned: ['in line with {O}', 'lined up with {O}', 'at the same lateral position as {O}', 'laterally aligned with {O}', 'neither left nor right of {O}'],
};
sideMirror(xBook, 'right', 'left');

const twistBook: Record<string, string[]> = {
  'twisted right': ['twisted to the right', 'turned strongly to the right', 'rotated to the right', 'twisting right', 'wound round to the right'],
  'slightly twisted right': ['slightly twisted to the right', 'turned a little to the right', 'rotated a bit rightward', 'twisting slightly right', 'a little turned to the right'],
};
sideMirror(twistBook, 'right', 'left');

const leanBook: Record<string, string[]> = {
  'leaning right': ['leaning to the right', 'bent over to the right side', 'tilted strongly to the right', 'listing to the right', 'leaning over to the right'],
  'slightly leaning right': ['leaning slightly to the right', 'tilted a little to the right', 'a bit inclined to the right', 'leaning a touch to the right', 'slightly tipped to the right'],
};
sideMirror(leanBook, 'right', 'left');

const headTurnBook: Record<string, string[]> = {
  'turned right': ['turned to the right', 'facing right', 'rotated to the right', 'looking to the right', 'turned rightward'],
  'slightly turned right': ['turned slightly right', 'slightly facing right', 'turned a little to the right', 'glancing right', 'angled a bit to the right'],
};
sideMirror(headTurnBook, 'right', 'left');

const headTiltBook: Record<string, string[]> = {
  'tilted right': ['tilted to the right', 'cocked to the right', 'leaning toward the right shoulder', 'tipped to the right', 'inclined to the right'],
};
sideMirror(headTiltBook, 'right', 'left');

/** Predicates by phrase family and category. */
export const PREDICATES: Readonly<Record<PhraseKind, Phrasebook>> = {
  angle: {
    'completely bent': ['completely bent', 'fully bent', 'bent all the way', 'folded up tightly', 'flexed to the maximum'],
    'bent more': ['deeply bent', 'bent beyond a right angle', 'strongly flexed', 'well bent', 'bent a lot'],
    'right angle': ['bent at a right angle', 'bent at about ninety degrees', 'forming a right angle', 'bent to roughly 90 degrees', 'bent squarely'],
    'bent less': ['partly bent', 'half bent', 'moderately bent', 'somewhat bent', 'bent at an open angle'],
    'slightly bent': ['slightly bent', 'a little bent', 'softly bent', 'barely bent', 'almost straight'],
    straight: ['straight', 'extended', 'fully extended', 'held straight', 'unbent', 'stretched out straight'],
  },
  distPair: {
    close: ['close together', 'near each other', 'held together', 'almost touching', 'right next to each other', 'brought together'],
    'shoulder width': ['about shoulder-width apart', 'shoulder-width apart', 'roughly a shoulder width from each other', 'as far apart as the shoulders', 'spaced at shoulder width'],
    spread: ['spread apart', 'far apart', 'well apart', 'held apart', 'apart from each other', 'separated'],
    wide: ['very wide apart', 'spread very wide', 'extremely far apart', 'stretched far apart', 'spread as wide as possible'],
  },
  contact: {
    close: ['close to {O}', 'near {O}', 'next to {O}', 'almost touching {O}', 'right by {O}', 'placed near {O}'],
  },
  x: xBook,
  y: {
    below: ['below {O}', 'lower than {O}', 'beneath {O}', 'further down than {O}', 'held below {O}', 'lower down than {O}'],
    aligned: ['at the same height as {O}', 'level with {O}', 'at about the height of {O}', 'even with {O}', 'as high as {O}'],
    above: ['above {O}', 'higher than {O}', 'raised above {O}', 'higher up than {O}', 'held above {O}', 'up above {O}'],
  },
  z: {
    behind: ['behind {O}', 'further back than {O}', 'in back of {O}', 'back behind {O}', 'to the rear of {O}'],
    aligned: ['at the same depth as {O}', 'level in depth with {O}', 'neither in front of nor behind {O}', 'even in depth with {O}', 'in the same plane as {O}'],
    'in front': ['in front of {O}', 'ahead of {O}', 'forward of {O}', 'further forward than {O}', 'out in front of {O}'],
  },
  vaxis: {
    vertical: ['vertical', 'upright', 'straight up and down', 'perpendicular to the ground', 'aligned with the vertical'],
    horizontal: ['horizontal', 'level', 'parallel to the ground', 'flat', 'held horizontally'],
  },
  vaxisPair: {
    vertical: ['one above the other', 'vertically stacked', 'lined up vertically', 'stacked on top of each other', 'directly above one another'],
  },
  ground: {
    'on ground': ['on the ground', 'on the floor', 'resting on the ground', 'touching the floor', 'down on the ground', 'planted on the ground'],
  },
  incline: {
    backward: ['leaning far back', 'bent backward', 'tipped well back', 'strongly reclined', 'arched back'],
    'slightly backward': ['leaning back slightly', 'tilted a little backward', 'slightly reclined', 'leaning a bit back', 'tipped slightly back'],
    'slightly forward': ['leaning slightly forward', 'tilted a little forward', 'bent forward a bit', 'slightly hunched forward', 'tipped slightly forward'],
    forward: ['leaning far forward', 'bent well forward', 'tipped strongly forward', 'folded forward', 'pitched forward'],
  },
  twist: twistBook,
  lean: leanBook,
  headIncline: {
    'tilted back': ['tilted back', 'thrown back', 'tipped backward', 'leaning back', 'tipped up toward the sky'],
    'bowed forward': ['bowed', 'bent forward', 'tipped forward', 'lowered', 'dropped forward', 'looking down'],
  },
  headTurn: headTurnBook,
  headTilt: headTiltBook,
};

/** Predicates of the super-posecodes, by id. */
export const SUPER_PREDICATES: Readonly<Record<string, readonly string[]>> = {
  'super:kneeling': ['kneeling', 'kneeling on both knees', 'in a kneeling position', 'resting on both knees', 'down on both knees', 'kneeling down'],
  'super:kneeling_left': ['kneeling on the left knee', 'down on the left knee', 'kneeling with the left knee on the ground', 'resting on the left knee', 'in a kneel on the left knee'],
  'super:kneeling_right': ['kneeling on the right knee', 'down on the right knee', 'kneeling with the right knee on the ground', 'resting on the right knee', 'in a kneel on the right knee'],
  'super:squatting': ['squatting', 'in a squat', 'crouching', 'squatting down', 'in a deep crouch', 'down in a squat'],
  'super:sitting_floor': ['sitting on the ground', 'seated on the floor', 'sitting on the floor', 'sat on the ground', 'sitting down on the floor'],
  'super:seated': ['in a seated position', 'sitting as if on a chair', 'seated', 'sitting upright', 'in a sitting posture'],
  'super:standing_straight': ['standing up straight', 'standing upright', 'standing tall', 'standing straight', 'upright on both feet'],
  'super:lying_back': ['lying on the back', 'lying face up', 'lying flat on the back', 'stretched out on the back', 'lying supine'],
  'super:lying_front': ['lying on the stomach', 'lying face down', 'lying prone', 'lying on the front', 'flat on the belly'],
  'super:lying_left': ['lying on the left side', 'lying on the left flank', 'resting on the left side', 'lying sideways on the left', 'on the ground on the left side'],
  'super:lying_right': ['lying on the right side', 'lying on the right flank', 'resting on the right side', 'lying sideways on the right', 'on the ground on the right side'],
  'super:torso_horizontal': ['horizontal', 'level with the ground', 'parallel to the floor', 'held flat', 'held level'],
  'super:bent_forward': ['bent forward', 'bending forward at the waist', 'folded forward', 'bent over', 'bowed forward at the hips'],
  'super:bent_backward': ['bent backward', 'arched backward', 'bending back', 'curved backward', 'leaning back from the hips'],
  'super:bent_left': ['bent to the left', 'bending sideways to the left', 'leaning over to the left side', 'curved to the left', 'side-bent to the left'],
  'super:bent_right': ['bent to the right', 'bending sideways to the right', 'leaning over to the right side', 'curved to the right', 'side-bent to the right'],
  'super:hands_shoulder_width': ['shoulder-width apart', 'about as far apart as the shoulders', 'at shoulder width', 'held at shoulder width', 'spaced shoulder-width apart'],
  'super:feet_shoulder_width': ['shoulder-width apart', 'planted shoulder-width apart', 'at shoulder width', 'about as wide apart as the shoulders', 'spread to shoulder width'],
  'super:arms_out': ['stretched out to the sides', 'spread out sideways', 'extended out to the sides', 'held out horizontally', 'opened wide to the sides'],
  'super:arms_up': ['raised above the head', 'stretched overhead', 'up in the air', 'held straight up', 'lifted high over the head'],
};

/** Category sentences: "The person is in a yoga pose." — by POSE_CATEGORIES value, after the subject. */
export const CATEGORY_PREDICATES: Readonly<Record<string, readonly string[]>> = {
  standing: ['is standing', 'is in a standing pose', 'stands'],
  walking: ['is walking', 'is caught mid-stride', 'is in a walking pose'],
  running: ['is running', 'is in a running pose', 'is caught mid-run'],
  sitting: ['is sitting', 'is in a sitting pose', 'is seated'],
  kneeling: ['is kneeling', 'is in a kneeling pose', 'is down on the knees'],
  squatting: ['is squatting', 'is in a squatting pose', 'is crouched down'],
  lying: ['is lying down', 'is in a lying pose', 'is stretched out on the ground'],
  jumping: ['is jumping', 'is in mid-air', 'is in a jumping pose'],
  yoga: ['is in a yoga pose', 'is doing yoga', 'holds a yoga posture'],
  sports: ['is in a sports pose', 'is playing a sport', 'is in an athletic stance'],
  dance: ['is dancing', 'is in a dance pose', 'strikes a dance position'],
  gesture: ['is making a gesture', 'is gesturing', 'is signalling with the body'],
  fighting: ['is in a fighting stance', 'is ready to fight', 'is in a combat pose'],
};

export const SENTENCE_SUBJECTS: readonly string[] = ['The person', 'Someone', 'This person', 'The figure', 'The subject'];
