/**
 * The joints the captioner measures on: the 22 SMPL body joints, then two virtual hands in the
 * slots of SMPL's hand joints (22, 23) and a virtual torso point (24). The virtual hand stands
 * for the palm, which SMPL's 66-number poses do not place: the midpoint of the wrist and a point
 * HAND_REACH beyond it along the forearm. The torso point is the mean of pelvis, neck and spine3.
 */
import { jointIndex } from '../../../../shared/body';

export const HAND_REACH = 0.137;
export const NUM_MEASURED_JOINTS = 25;

export const J = {
  pelvis: 0,
  left_hip: 1,
  right_hip: 2,
  spine3: 9,
  left_knee: 4,
  right_knee: 5,
  left_ankle: 7,
  right_ankle: 8,
  left_foot: 10,
  right_foot: 11,
  neck: 12,
  head: 15,
  left_shoulder: 16,
  right_shoulder: 17,
  left_elbow: 18,
  right_elbow: 19,
  left_wrist: 20,
  right_wrist: 21,
  left_hand: 22,
  right_hand: 23,
  torso: 24,
} as const;

export type MeasuredJoint = keyof typeof J;

// The SMPL names and our slots must agree where they share a name (guards against a reordered skeleton).
for (const name of Object.keys(J) as MeasuredJoint[]) {
  if (name === 'torso') continue;
  if (jointIndex(name) !== J[name]) throw new Error(`captioner joint table disagrees with the skeleton for ${name}`);
}
