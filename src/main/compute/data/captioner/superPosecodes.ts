/**
 * Super-posecodes: named configurations read off several elementary codes at once ("kneeling" =
 * both knees on the ground and bent). Each declares the elementary conditions that support it
 * (a code and the categories it may be in, 'ignored' included, so "the right knee is NOT on the
 * ground" can be asked) and the elementary codes it makes unnecessary to say; some also make
 * smaller super-posecodes unnecessary (lying on the back already says the torso is horizontal).
 * A super-posecode is always said when it holds (like a rare code).
 */
import { CODE_INDEX, CODES, swapSideTokens } from './table';

export interface SuperSpec {
  /** Stable id, e.g. 'super:kneeling'. */
  id: string;
  /** The category string a Posecode carries for it. */
  label: string;
  /** Part id the sentence is about: 'person', 'body', 'torso', 'hands', 'feet' or 'arms'. */
  subject: string;
  when: readonly { code: string; in: readonly string[] }[];
  /** Elementary codes made unnecessary. */
  suppresses: readonly string[];
  /** Other super-posecodes made unnecessary. */
  overrides?: readonly string[];
}

const BENT = ['completely bent', 'bent more', 'right angle', 'bent less'];
const NOT_HORIZONTAL = ['vertical', 'ignored'];
const KNEE_ANGLES = ['angle:left_knee', 'angle:right_knee'];

const NOT_FOLDED = ['bent more', 'right angle', 'bent less', 'slightly bent', 'straight'];

const lying = (side: string, code: string, cat: string): SuperSpec => ({
  id: `super:lying_${side}`,
  label: `lying on ${side === 'back' || side === 'front' ? 'the ' + side : 'the ' + side + ' side'}`,
  subject: 'person',
  when: [
    { code: 'vaxis:torso', in: ['horizontal'] },
    { code: 'ground:pelvis', in: ['on ground'] },
    { code, in: [cat] },
    // legs not folded under the body (child's pose is kneeling folded forward, not lying)
    ...(side === 'front'
      ? [
          { code: 'angle:left_knee', in: NOT_FOLDED },
          { code: 'angle:right_knee', in: NOT_FOLDED },
        ]
      : []),
  ],
  suppresses: ['vaxis:torso', 'ground:pelvis', code],
  overrides: ['super:torso_horizontal', 'super:sitting_floor'],
});

const kneelOne = (s: 'left' | 'right'): SuperSpec => {
  const o = s === 'left' ? 'right' : 'left';
  return {
    id: `super:kneeling_${s}`,
    label: `kneeling on the ${s} knee`,
    subject: 'person',
    when: [
      { code: `ground:${s}_knee`, in: ['on ground'] },
      { code: `angle:${s}_knee`, in: BENT },
      { code: `ground:${o}_knee`, in: ['ignored'] },
      { code: `ground:${o}_foot`, in: ['on ground'] },
      { code: 'vaxis:torso', in: NOT_HORIZONTAL },
      { code: `y:${s}_knee-${s}_hip`, in: ['below'] },
      { code: 'ground:pelvis', in: ['ignored'] },
    ],
    suppresses: [`ground:${s}_knee`, `ground:${o}_foot`],
  };
};

const bend = (dir: string, code: string, cat: string): SuperSpec => ({
  id: `super:bent_${dir}`,
  label: `body bent ${dir}`,
  subject: 'body',
  when: [
    { code, in: [cat] },
    { code: 'ground:pelvis', in: ['ignored'] },
  ],
  suppresses: [code],
});

export const SUPER_SPECS: readonly SuperSpec[] = [
  {
    id: 'super:kneeling',
    label: 'kneeling',
    subject: 'person',
    when: [
      { code: 'ground:left_knee', in: ['on ground'] },
      { code: 'ground:right_knee', in: ['on ground'] },
      { code: 'angle:left_knee', in: BENT },
      { code: 'angle:right_knee', in: BENT },
      { code: 'vaxis:torso', in: NOT_HORIZONTAL },
      // the hips well above the knees and off the ground: not sitting cross-legged
      { code: 'y:left_knee-left_hip', in: ['below'] },
      { code: 'y:right_knee-right_hip', in: ['below'] },
      { code: 'ground:pelvis', in: ['ignored'] },
    ],
    suppresses: ['ground:left_knee', 'ground:right_knee'],
  },
  kneelOne('left'),
  kneelOne('right'),
  {
    id: 'super:squatting',
    label: 'squatting',
    subject: 'person',
    when: [
      { code: 'angle:left_knee', in: ['completely bent', 'bent more'] },
      { code: 'angle:right_knee', in: ['completely bent', 'bent more'] },
      { code: 'ground:left_foot', in: ['on ground'] },
      { code: 'ground:right_foot', in: ['on ground'] },
      { code: 'ground:left_knee', in: ['ignored'] },
      { code: 'ground:right_knee', in: ['ignored'] },
      { code: 'ground:pelvis', in: ['ignored'] },
      { code: 'vaxis:torso', in: NOT_HORIZONTAL },
      // not a bridge (pelvis lifted, trunk reclined on the shoulders)
      { code: 'body:incline', in: ['slightly backward', 'ignored', 'slightly forward', 'forward'] },
    ],
    suppresses: [...KNEE_ANGLES, 'ground:left_foot', 'ground:right_foot'],
  },
  {
    id: 'super:sitting_floor',
    label: 'sitting on the ground',
    subject: 'person',
    when: [
      { code: 'ground:pelvis', in: ['on ground'] },
      { code: 'vaxis:torso', in: NOT_HORIZONTAL },
      // legs out in front (not a cobra, whose legs lie behind the raised chest)
      { code: 'z:left_knee-torso', in: ['in front'] },
      { code: 'z:right_knee-torso', in: ['in front'] },
    ],
    suppresses: ['ground:pelvis'],
  },
  {
    id: 'super:seated',
    label: 'seated',
    subject: 'person',
    when: [
      { code: 'vaxis:left_thigh', in: ['horizontal'] },
      { code: 'vaxis:right_thigh', in: ['horizontal'] },
      { code: 'angle:left_knee', in: ['right angle', 'bent less'] },
      { code: 'angle:right_knee', in: ['right angle', 'bent less'] },
      { code: 'ground:pelvis', in: ['ignored'] },
      { code: 'vaxis:torso', in: NOT_HORIZONTAL },
    ],
    suppresses: ['vaxis:left_thigh', 'vaxis:right_thigh'],
  },
  {
    id: 'super:standing_straight',
    label: 'standing straight',
    subject: 'person',
    when: [
      { code: 'angle:left_knee', in: ['straight'] },
      { code: 'angle:right_knee', in: ['straight'] },
      { code: 'vaxis:left_thigh', in: ['vertical'] },
      { code: 'vaxis:right_thigh', in: ['vertical'] },
      { code: 'vaxis:torso', in: ['vertical'] },
      { code: 'ground:left_foot', in: ['on ground'] },
      { code: 'ground:right_foot', in: ['on ground'] },
    ],
    suppresses: [...KNEE_ANGLES, 'vaxis:left_thigh', 'vaxis:right_thigh', 'vaxis:torso', 'ground:left_foot', 'ground:right_foot'],
  },
  lying('back', 'body:incline', 'backward'),
  lying('front', 'body:incline', 'forward'),
  lying('left', 'body:lean', 'leaning left'),
  lying('right', 'body:lean', 'leaning right'),
  {
    id: 'super:torso_horizontal',
    label: 'torso horizontal',
    subject: 'torso',
    when: [{ code: 'vaxis:torso', in: ['horizontal'] }],
    suppresses: ['vaxis:torso'],
  },
  bend('forward', 'body:incline', 'forward'),
  bend('backward', 'body:incline', 'backward'),
  bend('left', 'body:lean', 'leaning left'),
  bend('right', 'body:lean', 'leaning right'),
  {
    id: 'super:hands_shoulder_width',
    label: 'hands shoulder-width apart',
    subject: 'hands',
    when: [
      { code: 'distance:hands', in: ['shoulder width'] },
      { code: 'y:left_hand-right_hand', in: ['aligned'] },
      { code: 'x:left_hand-right_hand', in: ['at left'] },
    ],
    suppresses: ['distance:hands', 'y:left_hand-right_hand'],
  },
  {
    id: 'super:feet_shoulder_width',
    label: 'feet shoulder-width apart',
    subject: 'feet',
    when: [
      { code: 'distance:feet', in: ['shoulder width'] },
      { code: 'y:left_foot-right_foot', in: ['aligned'] },
      { code: 'x:left_foot-right_foot', in: ['at left'] },
    ],
    suppresses: ['distance:feet'],
  },
  {
    id: 'super:arms_out',
    label: 'arms out to the sides',
    subject: 'arms',
    when: [
      { code: 'vaxis:left_upper_arm', in: ['horizontal'] },
      { code: 'vaxis:right_upper_arm', in: ['horizontal'] },
      { code: 'vaxis:left_forearm', in: ['horizontal'] },
      { code: 'vaxis:right_forearm', in: ['horizontal'] },
      { code: 'angle:left_elbow', in: ['slightly bent', 'straight'] },
      { code: 'angle:right_elbow', in: ['slightly bent', 'straight'] },
      { code: 'x:left_hand-left_shoulder', in: ['at left'] },
      { code: 'x:right_hand-right_shoulder', in: ['at right'] },
    ],
    suppresses: [
      'vaxis:left_upper_arm',
      'vaxis:right_upper_arm',
      'vaxis:left_forearm',
      'vaxis:right_forearm',
      'angle:left_elbow',
      'angle:right_elbow',
      'x:left_hand-left_shoulder',
      'x:right_hand-right_shoulder',
    ],
  },
  {
    id: 'super:arms_up',
    label: 'arms raised overhead',
    subject: 'arms',
    when: [
      { code: 'y:left_hand-head', in: ['above'] },
      { code: 'y:right_hand-head', in: ['above'] },
      { code: 'angle:left_elbow', in: ['slightly bent', 'straight'] },
      { code: 'angle:right_elbow', in: ['slightly bent', 'straight'] },
    ],
    suppresses: ['y:left_hand-head', 'y:right_hand-head', 'angle:left_elbow', 'angle:right_elbow'],
  },
];

export interface SuperDef {
  index: number;
  id: string;
  label: string;
  subject: string;
  /** Condition codes (elementary indices) and, per condition, a bit mask of allowed categories. */
  condCodes: Int16Array;
  condMasks: Int32Array;
  suppresses: readonly number[];
  overrides: readonly number[];
  /** Index of the mirrored super-posecode. */
  mirror: number;
}

function build(): SuperDef[] {
  const ids = new Map(SUPER_SPECS.map((s, i) => [s.id, i]));
  return SUPER_SPECS.map((s, index) => {
    const condCodes = new Int16Array(s.when.length);
    const condMasks = new Int32Array(s.when.length);
    s.when.forEach((w, k) => {
      const ci = CODE_INDEX.get(w.code);
      if (ci === undefined) throw new Error(`${s.id}: unknown code ${w.code}`);
      let mask = 0;
      for (const cat of w.in) {
        let found = false;
        CODES[ci].categories.forEach((c, m) => {
          if (c === cat) {
            mask |= 1 << m;
            found = true;
          }
        });
        if (!found) throw new Error(`${s.id}: ${cat} is not a category of ${w.code}`);
      }
      condCodes[k] = ci;
      condMasks[k] = mask;
    });
    const suppresses = s.suppresses.map((c) => {
      const ci = CODE_INDEX.get(c);
      if (ci === undefined) throw new Error(`${s.id}: unknown code ${c}`);
      return ci;
    });
    const overrides = (s.overrides ?? []).map((o) => {
      const i = ids.get(o);
      if (i === undefined) throw new Error(`${s.id}: unknown super-posecode ${o}`);
      return i;
    });
    const mirror = ids.get(swapSideTokens(s.id));
    if (mirror === undefined) throw new Error(`${s.id} has no mirror`);
    return { index, id: s.id, label: s.label, subject: s.subject, condCodes, condMasks, suppresses, overrides, mirror };
  });
}

export const SUPERS: readonly SuperDef[] = Object.freeze(build());
export const SUPER_INDEX: ReadonlyMap<string, number> = new Map(SUPERS.map((s) => [s.id, s.index]));

/** Whether a super-posecode holds for the given per-code categories. */
export function superHolds(def: SuperDef, categories: ArrayLike<number>): boolean {
  for (let k = 0; k < def.condCodes.length; k++) if (((def.condMasks[k] >> categories[def.condCodes[k]]) & 1) === 0) return false;
  return true;
}

/**
 * Super-posecodes that hold, after overrides: out[s] = 1 if super-posecode s is to be said.
 * Also marks the elementary codes they make unnecessary in `suppressed` (when given).
 */
export function activeSupers(categories: ArrayLike<number>, suppressed?: Uint8Array): Uint8Array {
  const on = new Uint8Array(SUPERS.length);
  for (const s of SUPERS) if (superHolds(s, categories)) on[s.index] = 1;
  for (const s of SUPERS) if (on[s.index]) for (const o of s.overrides) on[o] = 0;
  if (suppressed) for (const s of SUPERS) if (on[s.index]) for (const c of s.suppresses) suppressed[c] = 1;
  return on;
}
