/**
 * Pose questions with verifiable answers. Each question is generated from a geometric fact measured on the
 * posed joints (heading removed, so "in front" means the body's own front), and only when the fact is clear:
 * values inside a margin around the decision border are never asked about, so the stored answer is true of the
 * pose beyond doubt and `checkFact` can serve as a verifiable reward for the discrete policy.
 */
import { forwardKinematics, jointIndex, normalizeHeading, NUM_JOINTS } from '../../../../shared/body';
import type { Rng } from '../random';

/** A fact that can be checked on any pose. Serialised with each question in the dataset. */
export type PoseFact =
  | { kind: 'above'; a: PartId; b: PartId }
  | { kind: 'front'; a: PartId; b: PartId }
  | { kind: 'bent'; limb: LimbId }
  | { kind: 'straight'; limb: LimbId }
  | { kind: 'ground'; part: PartId }
  | { kind: 'higher'; pair: 'hands' | 'feet' | 'knees' | 'elbows' }
  | { kind: 'lean-forward' }
  | { kind: 'wide-stance' };

export type PartId =
  | 'head'
  | 'neck'
  | 'pelvis'
  | 'left_hand'
  | 'right_hand'
  | 'left_elbow'
  | 'right_elbow'
  | 'left_shoulder'
  | 'right_shoulder'
  | 'left_hip'
  | 'right_hip'
  | 'left_knee'
  | 'right_knee'
  | 'left_foot'
  | 'right_foot';
export type LimbId = 'left_knee' | 'right_knee' | 'left_elbow' | 'right_elbow';

/** 'yes' / 'no' for yes–no facts, 'left' / 'right' for which-side facts. */
export type FactAnswer = 'yes' | 'no' | 'left' | 'right';

export interface PoseQuestion {
  question: string;
  answer: string;
  fact: PoseFact;
  truth: FactAnswer;
}

// Margins: half-widths of the band around a decision border that is never asked about.
const HEIGHT_MARGIN = 0.06; // m
const FRONT_MARGIN = 0.08; // m
const BENT_BELOW = 130; // degrees at the joint: clearly bent
const STRAIGHT_ABOVE = 160; // clearly straight
const GROUND_ON = 0.08; // m above the lowest joint: on the ground
const GROUND_OFF = 0.2; // clearly off it
const LEAN_YES = 35; // degrees of forward incline
const LEAN_NO = 12;

const J = (name: string) => jointIndex(name);
const PART_JOINT: Record<PartId, number> = {
  head: J('head'),
  neck: J('neck'),
  pelvis: J('pelvis'),
  left_hand: J('left_wrist'),
  right_hand: J('right_wrist'),
  left_elbow: J('left_elbow'),
  right_elbow: J('right_elbow'),
  left_shoulder: J('left_shoulder'),
  right_shoulder: J('right_shoulder'),
  left_hip: J('left_hip'),
  right_hip: J('right_hip'),
  left_knee: J('left_knee'),
  right_knee: J('right_knee'),
  left_foot: J('left_foot'),
  right_foot: J('right_foot'),
};
const LIMB_JOINTS: Record<LimbId, [number, number, number]> = {
  left_knee: [J('left_hip'), J('left_knee'), J('left_ankle')],
  right_knee: [J('right_hip'), J('right_knee'), J('right_ankle')],
  left_elbow: [J('left_shoulder'), J('left_elbow'), J('left_wrist')],
  right_elbow: [J('right_shoulder'), J('right_elbow'), J('right_wrist')],
};
const PAIRS: Record<'hands' | 'feet' | 'knees' | 'elbows', [PartId, PartId]> = {
  hands: ['left_hand', 'right_hand'],
  feet: ['left_foot', 'right_foot'],
  knees: ['left_knee', 'right_knee'],
  elbows: ['left_elbow', 'right_elbow'],
};

const PART_WORDS: Record<PartId, string> = {
  head: 'the head',
  neck: 'the neck',
  pelvis: 'the pelvis',
  left_hand: 'the left hand',
  right_hand: 'the right hand',
  left_elbow: 'the left elbow',
  right_elbow: 'the right elbow',
  left_shoulder: 'the left shoulder',
  right_shoulder: 'the right shoulder',
  left_hip: 'the left hip',
  right_hip: 'the right hip',
  left_knee: 'the left knee',
  right_knee: 'the right knee',
  left_foot: 'the left foot',
  right_foot: 'the right foot',
};

/** Joint positions (24 × 3) of a pose with its heading removed: the frame every fact is measured in. */
export function factFrameJoints(pose: ArrayLike<number>): Float32Array {
  const p = Float32Array.from(pose);
  return forwardKinematics(normalizeHeading(p), 1).positions;
}

function angleAt(j: Float32Array, [a, b, c]: [number, number, number]): number {
  const ux = j[a * 3] - j[b * 3], uy = j[a * 3 + 1] - j[b * 3 + 1], uz = j[a * 3 + 2] - j[b * 3 + 2];
  const vx = j[c * 3] - j[b * 3], vy = j[c * 3 + 1] - j[b * 3 + 1], vz = j[c * 3 + 2] - j[b * 3 + 2];
  const cos = (ux * vx + uy * vy + uz * vz) / Math.sqrt((ux * ux + uy * uy + uz * uz) * (vx * vx + vy * vy + vz * vz));
  return (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
}

function minY(j: Float32Array): number {
  let m = Infinity;
  for (let k = 0; k < NUM_JOINTS; k++) m = Math.min(m, j[k * 3 + 1]);
  return m;
}

/** Forward incline of the torso (pelvis → neck against +Y in the body's sagittal plane), degrees. */
function forwardLean(j: Float32Array): number {
  const p = J('pelvis'), n = J('neck');
  const dy = j[n * 3 + 1] - j[p * 3 + 1];
  const dz = j[n * 3 + 2] - j[p * 3 + 2];
  return (Math.atan2(dz, dy) * 180) / Math.PI;
}

/**
 * The answer a fact has on a pose, or null when the pose sits inside the fact's margin (not clear enough to
 * ask about or to grade).
 */
export function evaluateFact(fact: PoseFact, joints: Float32Array): FactAnswer | null {
  const y = (p: PartId) => joints[PART_JOINT[p] * 3 + 1];
  const z = (p: PartId) => joints[PART_JOINT[p] * 3 + 2];
  switch (fact.kind) {
    case 'above': {
      const d = y(fact.a) - y(fact.b);
      return d > HEIGHT_MARGIN ? 'yes' : d < -HEIGHT_MARGIN ? 'no' : null;
    }
    case 'front': {
      const d = z(fact.a) - z(fact.b);
      return d > FRONT_MARGIN ? 'yes' : d < -FRONT_MARGIN ? 'no' : null;
    }
    case 'bent': {
      const a = angleAt(joints, LIMB_JOINTS[fact.limb]);
      return a < BENT_BELOW ? 'yes' : a > STRAIGHT_ABOVE ? 'no' : null;
    }
    case 'straight': {
      const a = angleAt(joints, LIMB_JOINTS[fact.limb]);
      return a > STRAIGHT_ABOVE ? 'yes' : a < BENT_BELOW ? 'no' : null;
    }
    case 'ground': {
      const h = y(fact.part) - minY(joints);
      return h < GROUND_ON ? 'yes' : h > GROUND_OFF ? 'no' : null;
    }
    case 'higher': {
      const [l, r] = PAIRS[fact.pair];
      const d = y(l) - y(r);
      return d > HEIGHT_MARGIN ? 'left' : d < -HEIGHT_MARGIN ? 'right' : null;
    }
    case 'lean-forward': {
      const a = forwardLean(joints);
      return a > LEAN_YES ? 'yes' : a < LEAN_NO ? 'no' : null;
    }
    case 'wide-stance': {
      const dist = (a: PartId, b: PartId) => {
        const ia = PART_JOINT[a] * 3, ib = PART_JOINT[b] * 3;
        return Math.hypot(joints[ia] - joints[ib], joints[ia + 1] - joints[ib + 1], joints[ia + 2] - joints[ib + 2]);
      };
      const ratio = dist('left_foot', 'right_foot') / dist('left_shoulder', 'right_shoulder');
      return ratio > 1.6 ? 'yes' : ratio < 1.1 ? 'no' : null;
    }
  }
}

/** Grades a free-text answer against a fact on a pose: 1 right, 0 wrong or unreadable, null if the pose is unclear. */
export function checkAnswer(fact: PoseFact, pose: ArrayLike<number>, answer: string): 0 | 1 | null {
  const truth = evaluateFact(fact, factFrameJoints(pose));
  if (truth === null) return null;
  const said = readAnswer(answer, truth === 'yes' || truth === 'no' ? 'yes-no' : 'side');
  return said === truth ? 1 : 0;
}

/** The answer a text gives: its first yes/no (or left/right) word. */
export function readAnswer(text: string, kind: 'yes-no' | 'side'): FactAnswer | null {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  for (const w of words) {
    if (kind === 'yes-no' && (w === 'yes' || w === 'no')) return w;
    if (kind === 'side' && (w === 'left' || w === 'right')) return w;
  }
  return null;
}

// The candidates asked about; a draw picks among those that are clear on the pose.
const CANDIDATES: PoseFact[] = [
  ...(['left_hand', 'right_hand'] as const).flatMap((h): PoseFact[] => [
    { kind: 'above', a: h, b: 'head' },
    { kind: 'above', a: h, b: h === 'left_hand' ? 'left_shoulder' : 'right_shoulder' },
    { kind: 'above', a: h, b: h === 'left_hand' ? 'left_hip' : 'right_hip' },
    { kind: 'front', a: h, b: 'pelvis' },
  ]),
  ...(['left_knee', 'right_knee'] as const).flatMap((k): PoseFact[] => [
    { kind: 'above', a: k, b: k === 'left_knee' ? 'left_hip' : 'right_hip' },
    { kind: 'ground', part: k },
  ]),
  ...(['left_foot', 'right_foot'] as const).map((f): PoseFact => ({ kind: 'ground', part: f })),
  { kind: 'front', a: 'left_foot', b: 'right_foot' },
  { kind: 'front', a: 'right_foot', b: 'left_foot' },
  ...(['left_knee', 'right_knee', 'left_elbow', 'right_elbow'] as const).flatMap((limb): PoseFact[] => [
    { kind: 'bent', limb },
    { kind: 'straight', limb },
  ]),
  ...(['hands', 'feet', 'knees', 'elbows'] as const).map((pair): PoseFact => ({ kind: 'higher', pair })),
  { kind: 'lean-forward' },
  { kind: 'wide-stance' },
];

const LIMB_WORDS: Record<LimbId, [string, string]> = {
  left_knee: ['the left knee', 'the left leg'],
  right_knee: ['the right knee', 'the right leg'],
  left_elbow: ['the left elbow', 'the left arm'],
  right_elbow: ['the right elbow', 'the right arm'],
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Question and answer text for a fact with a known truth, with varied phrasing. */
export function phraseQuestion(fact: PoseFact, truth: FactAnswer, rng: Rng): { question: string; answer: string } {
  const yes = truth === 'yes';
  const reply = (word: string, text: string) => (rng.chance(0.5) ? `${word}, ${text}` : `${word}. ${cap(text)}`);
  const yn = (claim: string, denial: string) => (yes ? reply('Yes', claim) : reply('No', denial));
  switch (fact.kind) {
    case 'above': {
      const a = PART_WORDS[fact.a], b = PART_WORDS[fact.b];
      const question = rng.pick([`Is ${a} above ${b}?`, `Is ${a} higher than ${b}?`, `Does ${a} reach above ${b}?`]);
      return { question, answer: yn(`${a} is above ${b}.`, `${a} is below ${b}.`) };
    }
    case 'front': {
      const a = PART_WORDS[fact.a], b = PART_WORDS[fact.b];
      const question = rng.pick([`Is ${a} in front of ${b}?`, `Is ${a} further forward than ${b}?`]);
      return { question, answer: yn(`${a} is in front of ${b}.`, `${a} is behind ${b}.`) };
    }
    case 'bent': {
      const [joint, limb] = LIMB_WORDS[fact.limb];
      const question = rng.pick([`Is ${joint} bent?`, `Is ${limb} bent?`, `Does ${limb} bend at ${joint}?`]);
      return { question, answer: yn(`${limb} is bent.`, `${limb} is straight.`) };
    }
    case 'straight': {
      const [, limb] = LIMB_WORDS[fact.limb];
      const question = rng.pick([`Is ${limb} straight?`, `Is ${limb} extended?`, `Is ${limb} held straight?`]);
      return { question, answer: yn(`${limb} is straight.`, `${limb} is bent.`) };
    }
    case 'ground': {
      const part = PART_WORDS[fact.part];
      const question = rng.pick([`Is ${part} on the ground?`, `Is ${part} touching the floor?`, `Does ${part} rest on the ground?`]);
      return { question, answer: yn(`${part} is on the ground.`, `${part} is off the ground.`) };
    }
    case 'higher': {
      const noun = fact.pair.replace(/s$/, '');
      const question = rng.pick([`Which ${noun} is higher, the left or the right?`, `Which of the ${fact.pair} is higher?`]);
      return { question, answer: cap(`the ${truth} ${noun} is higher.`) };
    }
    case 'lean-forward': {
      const question = rng.pick(['Is the person leaning forward?', 'Is the upper body bent forward?', 'Is the torso tilted forward?']);
      return { question, answer: yn('the torso leans forward.', 'the torso is upright or leaning back.') };
    }
    case 'wide-stance': {
      const question = rng.pick(['Are the feet wider apart than the shoulders?', 'Is the stance wide?']);
      return { question, answer: yn('the feet are set wide apart.', 'the feet are not wide apart.') };
    }
  }
}

/** Draws one clear question about a pose (null if no candidate fact is clear, which real poses practically never are). */
export function drawQuestion(pose: ArrayLike<number>, rng: Rng): PoseQuestion | null {
  const joints = factFrameJoints(pose);
  const clear: { fact: PoseFact; truth: FactAnswer }[] = [];
  for (const fact of CANDIDATES) {
    const truth = evaluateFact(fact, joints);
    if (truth !== null) clear.push({ fact, truth });
  }
  if (clear.length === 0) return null;
  const { fact, truth } = rng.pick(clear);
  const { question, answer } = phraseQuestion(fact, truth, rng);
  return { question, answer: cap(answer), fact, truth };
}
