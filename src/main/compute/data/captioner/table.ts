/**
 * The elementary posecode table: every code the captioner measures, with its operator, joints,
 * the body parts the text names, which categories are said, which are "rare" and which map to
 * which under mirroring.
 *
 * What is said and what is rare (rare = always said, never dropped by random selection or by
 * mined redundancy rules) was chosen by one question: would a person describing this pose to
 * someone who cannot see it always mention it? Rare categories are the distinctive, unusual
 * configurations: a completely bent knee or elbow (deep squat, kneeling, hand to shoulder), hands
 * or elbows held close together, feet or knees spread wide, a hand touching another body part
 * (the hand "contact" distances are only said when close), limbs crossing the midline (the left
 * hand to the right of the right hand), a hand above the head, a foot above the hip or above the
 * neck, the neck below the pelvis (inverted), and knees, hands or the pelvis on the ground.
 * Categories that describe the default standing body (feet below hips, shoulders level, knees at
 * the same height, the left hand to the left of the right one…) are ignored: saying them adds
 * length, not information.
 *
 * Deviations from the reference list, and why:
 * - Hands are the virtual hand joint (wrist + half the hand length along the forearm) everywhere,
 *   including "wrists vs neck", which we measure as hand vs head: "the hand is above the head"
 *   is what a person says, and the head joint is where a hand reads as overhead.
 * - Feet vs same hip use the ankle, so the knee and ankle share an object and entity aggregation
 *   can speak of the leg ("the left leg is raised above the hip").
 * - Added: elbow vs shoulder height, elbows/knees vs torso depth (so the arm and leg entity
 *   aggregation has pairs to merge), hands and pelvis on the ground (plank, sitting on the floor,
 *   lying).
 * - Dropped: the back diagonals (hip → opposite shoulder vertical-axis codes): they have no plain
 *   wording, and the torso axis plus the body incline/lean/twist codes already say the same.
 */
import { J } from './joints';
import { IGNORED, OPERATORS, type OperatorName } from './operators';

/** Which phrase family renders a code. */
export type PhraseKind =
  | 'angle'
  | 'distPair'
  | 'contact'
  | 'x'
  | 'y'
  | 'z'
  | 'vaxis'
  | 'vaxisPair'
  | 'ground'
  | 'incline'
  | 'twist'
  | 'lean'
  | 'headIncline'
  | 'headTurn'
  | 'headTilt';

export interface CodeDef {
  index: number;
  /** Stable id, e.g. 'angle:left_knee', 'y:left_hand-head'. */
  id: string;
  op: OperatorName;
  /** Measured joints (captioner joint indices, see joints.ts); unused slots are −1. */
  joints: readonly [number, number, number];
  /** Body part the sentence is about (a part id of parts.ts). */
  subject: string;
  /** Body part it is compared with, or null. */
  object: string | null;
  kind: PhraseKind;
  categories: readonly string[];
  thresholds: readonly number[];
  noise: number;
  /** said[k]: category k may appear in a caption. */
  said: readonly boolean[];
  /** rare[k]: category k is always said when it holds. */
  rare: readonly boolean[];
  /** Index of the code this one becomes when the pose is mirrored (itself for midline codes). */
  mirror: number;
  /** +1: the mirrored value equals this value; −1: it is the negation (category k ↔ n−1−k). */
  mirrorSign: 1 | -1;
  /** Subtracted from the measured value (on-ground codes of joints that sit deep in the body). */
  offset: number;
}

interface Spec {
  op: OperatorName;
  id: string;
  joints: number[];
  subject: string;
  object?: string;
  kind: PhraseKind;
  /** Said categories other than 'ignored'; default: all. */
  only?: string[];
  /** Categories not said. */
  ignore?: string[];
  rare?: string[];
  offset?: number;
}

/** See ground:pelvis below. */
export const PELVIS_SEAT_OFFSET = 0.15;

const specs: Spec[] = [];
const SIDES = ['left', 'right'] as const;
const other = (s: 'left' | 'right'): 'left' | 'right' => (s === 'left' ? 'right' : 'left');
const j = (name: keyof typeof J): number => J[name];

// Angles at knees and elbows.
for (const s of SIDES) {
  specs.push({ op: 'angle', id: `angle:${s}_knee`, joints: [j(`${s}_hip`), j(`${s}_knee`), j(`${s}_ankle`)], subject: `${s}_knee`, kind: 'angle', rare: ['completely bent'] });
  specs.push({ op: 'angle', id: `angle:${s}_elbow`, joints: [j(`${s}_shoulder`), j(`${s}_elbow`), j(`${s}_wrist`)], subject: `${s}_elbow`, kind: 'angle', rare: ['completely bent'] });
}

// Distances between left/right pairs (all categories) and hand contacts (only "close").
specs.push({ op: 'distance', id: 'distance:elbows', joints: [j('left_elbow'), j('right_elbow')], subject: 'elbows', kind: 'distPair', rare: ['close'] });
specs.push({ op: 'distance', id: 'distance:hands', joints: [j('left_hand'), j('right_hand')], subject: 'hands', kind: 'distPair', rare: ['close'] });
specs.push({ op: 'distance', id: 'distance:knees', joints: [j('left_knee'), j('right_knee')], subject: 'knees', kind: 'distPair', rare: ['wide'] });
specs.push({ op: 'distance', id: 'distance:feet', joints: [j('left_foot'), j('right_foot')], subject: 'feet', kind: 'distPair', rare: ['wide'] });
for (const s of SIDES) {
  const hand = `${s}_hand` as const;
  const targets: (keyof typeof J)[] = [
    'left_shoulder',
    'right_shoulder',
    `${other(s)}_elbow`,
    'left_knee',
    'right_knee',
    'left_ankle',
    'right_ankle',
    'left_foot',
    'right_foot',
  ];
  for (const t of targets)
    specs.push({ op: 'distance', id: `distance:${hand}-${t}`, joints: [j(hand), j(t)], subject: hand, object: t, kind: 'contact', only: ['close'], rare: ['close'] });
}

// Relative positions of left/right pairs: subject left, object right.
const pairRel = (part: 'shoulder' | 'elbow' | 'hand' | 'knee' | 'foot', axes: Partial<Record<'x' | 'y' | 'z', Omit<Spec, 'op' | 'id' | 'joints' | 'subject' | 'kind'>>>): void => {
  for (const axis of ['x', 'y', 'z'] as const) {
    const extra = axes[axis];
    if (!extra) continue;
    const a = `left_${part}` as keyof typeof J;
    const b = `right_${part}` as keyof typeof J;
    specs.push({ op: axis, id: `${axis}:${a}-${b}`, joints: [j(a), j(b)], subject: a, object: b, kind: axis, ...extra });
  }
};
// x: "left at the left of right" is the normal body; aligned means the limbs meet at the midline, "at right" that they cross.
const crossing = { ignore: ['at left'], rare: ['at right'] };
pairRel('shoulder', { y: { ignore: ['aligned'] }, z: { ignore: ['aligned'] } });
pairRel('elbow', { x: crossing, y: {}, z: { ignore: ['aligned'] } });
pairRel('hand', { x: crossing, y: {}, z: { ignore: ['aligned'] } });
pairRel('knee', { x: crossing, y: { ignore: ['aligned'] }, z: { ignore: ['aligned'] } });
pairRel('foot', { x: crossing, y: { ignore: ['aligned'] }, z: { ignore: ['aligned'] } });

// Neck vs pelvis.
specs.push({ op: 'x', id: 'x:neck-pelvis', joints: [j('neck'), j('pelvis')], subject: 'neck', object: 'pelvis', kind: 'x', ignore: ['aligned'] });
specs.push({ op: 'y', id: 'y:neck-pelvis', joints: [j('neck'), j('pelvis')], subject: 'neck', object: 'pelvis', kind: 'y', ignore: ['above'], rare: ['below'] });
specs.push({ op: 'z', id: 'z:neck-pelvis', joints: [j('neck'), j('pelvis')], subject: 'neck', object: 'pelvis', kind: 'z', ignore: ['aligned'] });

for (const s of SIDES) {
  const hand = j(`${s}_hand`);
  const elbow = j(`${s}_elbow`);
  const knee = j(`${s}_knee`);
  const ankle = j(`${s}_ankle`);
  const sh = j(`${s}_shoulder`);
  const hip = j(`${s}_hip`);
  // Hands vs the same shoulder and hip, elbows vs the same shoulder.
  specs.push({ op: 'x', id: `x:${s}_hand-${s}_shoulder`, joints: [hand, sh], subject: `${s}_hand`, object: `${s}_shoulder`, kind: 'x' });
  specs.push({ op: 'y', id: `y:${s}_hand-${s}_shoulder`, joints: [hand, sh], subject: `${s}_hand`, object: `${s}_shoulder`, kind: 'y' });
  specs.push({ op: 'y', id: `y:${s}_elbow-${s}_shoulder`, joints: [elbow, sh], subject: `${s}_elbow`, object: `${s}_shoulder`, kind: 'y', ignore: ['below'] });
  specs.push({ op: 'y', id: `y:${s}_hand-${s}_hip`, joints: [hand, hip], subject: `${s}_hand`, object: `${s}_hip`, kind: 'y' });
  // Feet (ankles) vs the same hip; knees vs the same hip.
  specs.push({ op: 'x', id: `x:${s}_ankle-${s}_hip`, joints: [ankle, hip], subject: `${s}_ankle`, object: `${s}_hip`, kind: 'x', ignore: ['aligned'] });
  specs.push({ op: 'y', id: `y:${s}_ankle-${s}_hip`, joints: [ankle, hip], subject: `${s}_ankle`, object: `${s}_hip`, kind: 'y', ignore: ['below'], rare: ['above'] });
  specs.push({ op: 'z', id: `z:${s}_ankle-${s}_hip`, joints: [ankle, hip], subject: `${s}_ankle`, object: `${s}_hip`, kind: 'z', ignore: ['aligned'] });
  specs.push({ op: 'y', id: `y:${s}_knee-${s}_hip`, joints: [knee, hip], subject: `${s}_knee`, object: `${s}_hip`, kind: 'y', ignore: ['below'] });
  // Hands vs head (overhead), ankles vs neck (legs up / inverted).
  specs.push({ op: 'y', id: `y:${s}_hand-head`, joints: [hand, j('head')], subject: `${s}_hand`, object: 'head', kind: 'y', only: ['aligned', 'above'], rare: ['above'] });
  specs.push({ op: 'y', id: `y:${s}_ankle-neck`, joints: [ankle, j('neck')], subject: `${s}_ankle`, object: 'neck', kind: 'y', only: ['above'], rare: ['above'] });
  // Limbs in front of / behind the torso.
  for (const [name, joint] of [[`${s}_hand`, hand], [`${s}_elbow`, elbow], [`${s}_knee`, knee], [`${s}_ankle`, ankle]] as const)
    specs.push({ op: 'z', id: `z:${name}-torso`, joints: [joint, j('torso')], subject: name, object: 'torso', kind: 'z', ignore: ['aligned'] });
}

// Vertical-axis codes: limb segments, the torso, and the hand and foot pairs.
for (const s of SIDES) {
  specs.push({ op: 'vaxis', id: `vaxis:${s}_thigh`, joints: [j(`${s}_hip`), j(`${s}_knee`)], subject: `${s}_thigh`, kind: 'vaxis' });
  specs.push({ op: 'vaxis', id: `vaxis:${s}_shin`, joints: [j(`${s}_knee`), j(`${s}_ankle`)], subject: `${s}_shin`, kind: 'vaxis', ignore: ['vertical'] });
  specs.push({ op: 'vaxis', id: `vaxis:${s}_upper_arm`, joints: [j(`${s}_shoulder`), j(`${s}_elbow`)], subject: `${s}_upper_arm`, kind: 'vaxis' });
  specs.push({ op: 'vaxis', id: `vaxis:${s}_forearm`, joints: [j(`${s}_elbow`), j(`${s}_wrist`)], subject: `${s}_forearm`, kind: 'vaxis' });
}
specs.push({ op: 'vaxis', id: 'vaxis:torso', joints: [j('pelvis'), j('neck')], subject: 'torso', kind: 'vaxis' });
specs.push({ op: 'vaxis', id: 'vaxis:hands', joints: [j('left_hand'), j('right_hand')], subject: 'hands', kind: 'vaxisPair', only: ['vertical'] });
specs.push({ op: 'vaxis', id: 'vaxis:feet', joints: [j('left_foot'), j('right_foot')], subject: 'feet', kind: 'vaxisPair', only: ['vertical'] });

// On the ground.
for (const s of SIDES) {
  specs.push({ op: 'ground', id: `ground:${s}_knee`, joints: [j(`${s}_knee`)], subject: `${s}_knee`, kind: 'ground', rare: ['on ground'] });
  specs.push({ op: 'ground', id: `ground:${s}_foot`, joints: [j(`${s}_foot`)], subject: `${s}_foot`, kind: 'ground' });
  specs.push({ op: 'ground', id: `ground:${s}_hand`, joints: [j(`${s}_hand`)], subject: `${s}_hand`, kind: 'ground', rare: ['on ground'] });
}
// The pelvis joint sits about 0.1 m above the seat surface, while the lowest joint of a body on the
// floor (ankle, knee, toes, elbow) sits about 0.05 m above it; measured raw, a seated or lying
// pelvis reads 0.14–0.23 m "above the ground" on the library's floor poses. PELVIS_SEAT_OFFSET
// brings it to the scale of the other on-ground codes, so the reference threshold (0.10 ± 0.05)
// applies; a deep squat (pelvis 0.3 m above the feet) stays off the ground.
specs.push({ op: 'ground', id: 'ground:pelvis', joints: [j('pelvis')], subject: 'pelvis', kind: 'ground', rare: ['on ground'], offset: PELVIS_SEAT_OFFSET });

// Whole body and head.
specs.push({ op: 'incline', id: 'body:incline', joints: [], subject: 'body', kind: 'incline' });
specs.push({ op: 'twist', id: 'body:twist', joints: [], subject: 'body', kind: 'twist' });
specs.push({ op: 'lean', id: 'body:lean', joints: [], subject: 'body', kind: 'lean' });
specs.push({ op: 'headIncline', id: 'head:incline', joints: [], subject: 'head', kind: 'headIncline' });
specs.push({ op: 'headTurn', id: 'head:turn', joints: [], subject: 'head', kind: 'headTurn' });
specs.push({ op: 'headTilt', id: 'head:tilt', joints: [], subject: 'head', kind: 'headTilt' });

/** Swaps the words left and right (as whole tokens inside ids, e.g. 'left_hand' → 'right_hand'). */
export function swapSideTokens(id: string): string {
  return id.replace(/left|right/g, (m) => (m === 'left' ? 'right' : 'left'));
}

function build(): CodeDef[] {
  const ids = new Map<string, number>();
  specs.forEach((s, i) => {
    if (ids.has(s.id)) throw new Error(`duplicate posecode ${s.id}`);
    ids.set(s.id, i);
  });
  return specs.map((s, index) => {
    const op = OPERATORS[s.op];
    for (const c of [...(s.only ?? []), ...(s.ignore ?? []), ...(s.rare ?? [])])
      if (!op.categories.includes(c)) throw new Error(`${s.id}: ${c} is not a category of ${s.op}`);
    const said = op.categories.map((c) => c !== IGNORED && (s.only ? s.only.includes(c) : true) && !(s.ignore ?? []).includes(c));
    const rare = op.categories.map((c, k) => said[k] && (s.rare ?? []).includes(c));
    // Mirror: the same id with sides swapped; for relative codes between a left/right pair the
    // swapped id names the same pair in the other order, so the code maps to itself reversed.
    let mirror = index;
    let mirrorSign: 1 | -1 = op.mirrorSign;
    const swapped = swapSideTokens(s.id);
    if (ids.has(swapped)) mirror = ids.get(swapped)!;
    else if (s.op === 'x' || s.op === 'y' || s.op === 'z') {
      const [name, pair] = swapped.split(':');
      const [a, b] = pair.split('-');
      const reversed = `${name}:${b}-${a}`;
      const r = ids.get(reversed);
      if (r === undefined) throw new Error(`${s.id} has no mirror code`);
      mirror = r;
      mirrorSign = (-op.mirrorSign) as 1 | -1;
    } else throw new Error(`${s.id} has no mirror code`);
    const joints: [number, number, number] = [s.joints[0] ?? -1, s.joints[1] ?? -1, s.joints[2] ?? -1];
    return {
      index,
      id: s.id,
      op: s.op,
      joints,
      subject: s.subject,
      object: s.object ?? null,
      kind: s.kind,
      categories: op.categories,
      thresholds: op.thresholds,
      noise: op.noise,
      said,
      rare,
      mirror,
      mirrorSign,
      offset: s.offset ?? 0,
    };
  });
}

export const CODES: readonly CodeDef[] = Object.freeze(build());
export const NUM_CODES = CODES.length;
export const CODE_INDEX: ReadonlyMap<string, number> = new Map(CODES.map((c) => [c.id, c.index]));

/** Category index of a category name within a code (first match); −1 if unknown. */
export function categoryIndex(code: CodeDef, category: string): number {
  return code.categories.indexOf(category);
}

/** Mirror of category k of a code. */
export function mirrorCategory(code: CodeDef, k: number): number {
  return code.mirrorSign === 1 ? k : code.categories.length - 1 - k;
}
