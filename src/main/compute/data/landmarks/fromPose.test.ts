import { describe, expect, it } from 'vitest';
import { forwardKinematics, jointIndex, mirrorPose, poseTo72, setJointAngles, symmetrizeRest } from '../../../../shared/body';
import { Rng } from '../random';
import { landmarksFromPose } from './fromPose';
import { LANDMARK_MIRROR_MAP, LANDMARK_NAMES, LM, NUM_LANDMARKS, landmarkIndex } from './names';
import { LANDMARK_ANCHORS } from './offsets';
import { randomStandingPose, standingPose } from './testPoses';

const at = (lm: Float32Array, i: number): [number, number, number] => [lm[i * 3], lm[i * 3 + 1], lm[i * 3 + 2]];

describe('landmark names', () => {
  it('has the 33 BlazePose landmarks in order and a side-swapping mirror map', () => {
    expect(LANDMARK_NAMES).toHaveLength(NUM_LANDMARKS);
    expect(LANDMARK_NAMES[0]).toBe('nose');
    expect(LANDMARK_NAMES[11]).toBe('left_shoulder');
    expect(LANDMARK_NAMES[32]).toBe('right_foot_index');
    expect(LANDMARK_NAMES[LANDMARK_MIRROR_MAP[landmarkIndex('mouth_left')]]).toBe('mouth_right');
    expect(LANDMARK_NAMES[LANDMARK_MIRROR_MAP[landmarkIndex('left_eye_outer')]]).toBe('right_eye_outer');
    expect(LANDMARK_MIRROR_MAP[0]).toBe(0);
    LANDMARK_MIRROR_MAP.forEach((m, i) => expect(LANDMARK_MIRROR_MAP[m]).toBe(i));
  });
});

describe('landmarksFromPose', () => {
  it('puts left-side landmarks at +X (the body frame’s left) and right-side ones at −X', () => {
    const lm = landmarksFromPose(standingPose());
    LANDMARK_NAMES.forEach((name, i) => {
      if (name.startsWith('left_') || name === 'mouth_left') expect(lm[i * 3], name).toBeGreaterThan(0.005);
      if (name.startsWith('right_') || name === 'mouth_right') expect(lm[i * 3], name).toBeLessThan(-0.005);
    });
  });

  it('puts the nose in front of the head and the face above the shoulders when standing', () => {
    const pose = standingPose();
    const lm = landmarksFromPose(pose);
    const { positions } = forwardKinematics(pose, 1);
    const head = jointIndex('head');
    expect(lm[LM.nose * 3 + 2]).toBeGreaterThan(positions[head * 3 + 2] + 0.05);
    const shoulderY = Math.max(lm[LM.leftShoulder * 3 + 1], lm[LM.rightShoulder * 3 + 1]);
    for (let i = 0; i <= 10; i++) expect(lm[i * 3 + 1], LANDMARK_NAMES[i]).toBeGreaterThan(shoulderY + 0.05);
    // Eyes above the mouth, ears behind the nose, feet at the bottom.
    expect(lm[landmarkIndex('left_eye') * 3 + 1]).toBeGreaterThan(lm[landmarkIndex('mouth_left') * 3 + 1]);
    expect(lm[LM.leftEar * 3 + 2]).toBeLessThan(lm[LM.nose * 3 + 2] - 0.08);
    expect(lm[landmarkIndex('left_heel') * 3 + 1]).toBeLessThan(lm[LM.leftAnkle * 3 + 1]);
    expect(lm[landmarkIndex('left_foot_index') * 3 + 2]).toBeGreaterThan(lm[landmarkIndex('left_heel') * 3 + 2] + 0.15);
  });

  it('turns the face with the head: a head turned to the right moves the nose toward −X', () => {
    const pose = standingPose();
    const before = landmarksFromPose(pose)[LM.nose * 3];
    setJointAngles(pose, jointIndex('head'), [0, 0, -60]); // Turn − = to the right
    const after = landmarksFromPose(pose);
    expect(after[LM.nose * 3]).toBeLessThan(before - 0.06);
    // The left ear comes forward, the right one goes back.
    expect(after[LM.leftEar * 3 + 2]).toBeGreaterThan(after[LM.rightEar * 3 + 2] + 0.08);
  });

  it('places body points on the joints and hip points outside the SMPL hip joints', () => {
    const pose = standingPose();
    const lm = landmarksFromPose(pose);
    const { positions } = forwardKinematics(pose, 1);
    for (const [lmName, joint] of [
      ['left_shoulder', 'left_shoulder'],
      ['right_elbow', 'right_elbow'],
      ['left_wrist', 'left_wrist'],
      ['right_knee', 'right_knee'],
      ['left_ankle', 'left_ankle'],
    ] as const) {
      const i = landmarkIndex(lmName);
      const j = jointIndex(joint);
      for (let k = 0; k < 3; k++) expect(lm[i * 3 + k]).toBeCloseTo(positions[j * 3 + k], 6);
    }
    expect(lm[LM.leftHip * 3]).toBeGreaterThan(positions[jointIndex('left_hip') * 3] + 0.02);
    expect(lm[LM.rightHip * 3]).toBeLessThan(positions[jointIndex('right_hip') * 3] - 0.02);
  });

  it('keeps every landmark rigidly attached to its joint (offset length preserved in any pose)', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 5; trial++) {
      const pose = randomStandingPose(rng);
      for (let k = 0; k < 3; k++) pose[k] = rng.uniform(-2, 2); // any global orientation
      const lm = landmarksFromPose(pose);
      const { positions } = forwardKinematics(pose, 1);
      LANDMARK_ANCHORS.forEach((a, i) => {
        const d = Math.hypot(lm[i * 3] - positions[a.anchor * 3], lm[i * 3 + 1] - positions[a.anchor * 3 + 1], lm[i * 3 + 2] - positions[a.anchor * 3 + 2]);
        expect(d).toBeCloseTo(Math.hypot(...a.offset), 5);
      });
    }
  });

  it('mirrors: mirrorPose swaps left and right landmarks and negates x (exactly on a symmetric skeleton)', () => {
    const rest = symmetrizeRest();
    const rng = new Rng(11);
    for (let trial = 0; trial < 4; trial++) {
      const pose = randomStandingPose(rng);
      const a = landmarksFromPose(pose, rest);
      const b = landmarksFromPose(mirrorPose(pose), rest);
      for (let i = 0; i < NUM_LANDMARKS; i++) {
        const [x, y, z] = at(a, LANDMARK_MIRROR_MAP[i]);
        expect(b[i * 3]).toBeCloseTo(-x, 5);
        expect(b[i * 3 + 1]).toBeCloseTo(y, 5);
        expect(b[i * 3 + 2]).toBeCloseTo(z, 5);
      }
    }
    // On the SMPL template itself (not quite symmetric) the same holds to within 1.5 cm.
    const pose = randomStandingPose(rng);
    const a = landmarksFromPose(pose);
    const b = landmarksFromPose(mirrorPose(pose));
    for (let i = 0; i < NUM_LANDMARKS; i++) {
      const [x, y, z] = at(a, LANDMARK_MIRROR_MAP[i]);
      expect(Math.hypot(b[i * 3] + x, b[i * 3 + 1] - y, b[i * 3 + 2] - z)).toBeLessThan(0.015);
    }
  });

  it('accepts 66- and 72-number poses alike and rejects other lengths', () => {
    const pose = standingPose();
    expect(landmarksFromPose(poseTo72(pose))).toEqual(landmarksFromPose(pose));
    expect(() => landmarksFromPose(new Float32Array(60))).toThrow(RangeError);
  });
});
