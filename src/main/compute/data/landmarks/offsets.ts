import { MIRROR_JOINT_MAP, jointIndex } from '../../../../shared/body';
import { LANDMARK_MIRROR_MAP, LANDMARK_NAMES, NUM_LANDMARKS } from './names';

/**
 * Where each BlazePose landmark sits on an SMPL skeleton: the landmark is
 *
 *   p = position(anchor joint) + worldRotation(frame joint) · offset
 *
 * with `offset` in metres, expressed in the body frame of the REST pose (SMPL's zero pose is a T-pose:
 * Y up, facing +Z, the person's left at +X, arms horizontal with palms down and thumbs forward). Because
 * every joint's world rotation is the identity at rest, an offset reads directly as "so far up / forward /
 * outward from the joint when standing in the T-pose", and it turns with the frame joint when posed.
 *
 * Left-side and midline entries are written below; right-side entries are their mirror (x negated), so
 * the table is exactly left/right symmetric.
 *
 * | landmark          | anchor joint | frame joint | offset x, y, z (m)   | why |
 * |-------------------|--------------|-------------|----------------------|-----|
 * | nose              | head         | head        |  0,      +0.030, +0.100 | nose tip ≈ 0.14 m below the crown, 0.11 m ahead of the ear canal |
 * | left_eye_inner    | head         | head        | +0.016,  +0.058, +0.074 | eye height ≈ 0.936 × stature; inner canthi ≈ 32 mm apart |
 * | left_eye          | head         | head        | +0.032,  +0.058, +0.070 | pupils 64 mm apart |
 * | left_eye_outer    | head         | head        | +0.048,  +0.056, +0.058 | outer canthi ≈ 96 mm apart, set back on the curve of the face |
 * | left_ear          | head         | head        | +0.075,  +0.038, −0.015 | tragus slightly below eye level, a little behind the head joint |
 * | mouth_left        | head         | head        | +0.025,  −0.022, +0.082 | mouth corners 50 mm apart, ≈ 80 mm below the eyes |
 * | left_shoulder     | l_shoulder   | —           |  0,       0,      0     | BlazePose's shoulder point is the glenohumeral centre |
 * | left_elbow/wrist  | joint itself | —           |  0,       0,      0     | |
 * | left_pinky        | l_wrist      | l_wrist     | +0.070,  −0.005, −0.030 | 5th knuckle (MCP): behind the hand's axis (the thumb points +Z at rest) |
 * | left_index        | l_wrist      | l_wrist     | +0.088,  −0.005, +0.022 | 2nd knuckle (MCP) |
 * | left_thumb        | l_wrist      | l_wrist     | +0.040,  −0.020, +0.045 | thumb IP joint, forward and on the palm side |
 * | left_hip          | l_hip        | pelvis      | +0.035,   0,      0     | see HIP_OFFSET below |
 * | left_knee/ankle   | joint itself | —           |  0,       0,      0     | |
 * | left_heel         | l_ankle      | l_ankle     |  0,      −0.065, −0.050 | back of the heel at the sole (sole ≈ 0.07 m below the ankle joint) |
 * | left_foot_index   | l_foot       | l_foot      | −0.010,  −0.006, +0.060 | tip of the 2nd toe: ahead of SMPL's toe-base joint, slightly medial |
 *
 * Face offsets are from adult anthropometry on the SMPL neutral template (stature ≈ 1.68 m, crown ≈ 0.17 m
 * above the head joint). HIP_OFFSET: BlazePose's hip landmarks sit on the surface near the greater
 * trochanters, wider than SMPL's hip-joint centres. In the golden Warrior II world landmarks the hip width is
 * 0.56 of the shoulder width (0.18 / 0.32 m); in the 812 real BlazePose landmark sets of the ML Kit fitness
 * samples (x, y and z, pixels) the median is 0.63 (10–90%: 0.53–0.72); SMPL's joints give 0.39
 * (0.137 / 0.348 m). Splitting the difference (≈ 0.60) puts each hip landmark 0.035 m outward. The golden
 * hip-to-shoulder height (0.495 m, 0.538 m once scaled to SMPL's shoulder width) matches SMPL's 0.54 m, so
 * the landmark is not moved up or down. (BlazePose's thigh/shin ratio, ≈ 1.0 in the golden pose, is
 * longer than SMPL's 0.94; we keep SMPL's knees and report the difference rather than bend the skeleton.)
 * fixtures.test.ts fits our Warrior II to the golden landmarks and reports the error.
 */
export interface LandmarkAnchor {
  /** joint whose position the offset starts from */
  anchor: number;
  /** joint whose world rotation turns the offset (-1: no offset) */
  frame: number;
  offset: readonly [number, number, number];
}

const j = jointIndex;

const LEFT_AND_MIDLINE: Readonly<Record<string, LandmarkAnchor>> = {
  nose: { anchor: j('head'), frame: j('head'), offset: [0, 0.03, 0.1] },
  left_eye_inner: { anchor: j('head'), frame: j('head'), offset: [0.016, 0.058, 0.074] },
  left_eye: { anchor: j('head'), frame: j('head'), offset: [0.032, 0.058, 0.07] },
  left_eye_outer: { anchor: j('head'), frame: j('head'), offset: [0.048, 0.056, 0.058] },
  left_ear: { anchor: j('head'), frame: j('head'), offset: [0.075, 0.038, -0.015] },
  mouth_left: { anchor: j('head'), frame: j('head'), offset: [0.025, -0.022, 0.082] },
  left_shoulder: { anchor: j('left_shoulder'), frame: -1, offset: [0, 0, 0] },
  left_elbow: { anchor: j('left_elbow'), frame: -1, offset: [0, 0, 0] },
  left_wrist: { anchor: j('left_wrist'), frame: -1, offset: [0, 0, 0] },
  left_pinky: { anchor: j('left_wrist'), frame: j('left_wrist'), offset: [0.07, -0.005, -0.03] },
  left_index: { anchor: j('left_wrist'), frame: j('left_wrist'), offset: [0.088, -0.005, 0.022] },
  left_thumb: { anchor: j('left_wrist'), frame: j('left_wrist'), offset: [0.04, -0.02, 0.045] },
  left_hip: { anchor: j('left_hip'), frame: j('pelvis'), offset: [0.035, 0, 0] },
  left_knee: { anchor: j('left_knee'), frame: -1, offset: [0, 0, 0] },
  left_ankle: { anchor: j('left_ankle'), frame: -1, offset: [0, 0, 0] },
  left_heel: { anchor: j('left_ankle'), frame: j('left_ankle'), offset: [0, -0.065, -0.05] },
  left_foot_index: { anchor: j('left_foot'), frame: j('left_foot'), offset: [-0.01, -0.006, 0.06] },
};

function mirrorName(name: string): string {
  return LANDMARK_NAMES[LANDMARK_MIRROR_MAP[LANDMARK_NAMES.indexOf(name)]];
}

/** The mirror joint (midline joints and `-1` map to themselves). */
function swapJoint(joint: number): number {
  return joint < 0 ? joint : MIRROR_JOINT_MAP[joint];
}

/** The anchor of every landmark, in LANDMARK_NAMES order (right side mirrored from the left). */
export const LANDMARK_ANCHORS: readonly LandmarkAnchor[] = Object.freeze(
  LANDMARK_NAMES.map((name): LandmarkAnchor => {
    const own = LEFT_AND_MIDLINE[name];
    if (own) return Object.freeze({ ...own, offset: Object.freeze([...own.offset]) as readonly [number, number, number] });
    const src = LEFT_AND_MIDLINE[mirrorName(name)];
    if (!src) throw new Error(`no landmark anchor for ${name}`);
    return Object.freeze({
      anchor: swapJoint(src.anchor),
      frame: swapJoint(src.frame),
      offset: Object.freeze([0 - src.offset[0], src.offset[1], src.offset[2]]) as readonly [number, number, number],
    });
  }),
);

if (LANDMARK_ANCHORS.length !== NUM_LANDMARKS) throw new Error('landmark anchor table is incomplete');
