import { describe, expect, it } from 'vitest';
import { forwardKinematics } from '../../../../shared/body';
import { landmarksFromJoints } from './fromPose';
import { LANDMARK_NAMES, LM, landmarkIndex } from './names';
import { bodyCapsules, segmentSegmentDistance2, selfOccluded } from './occlusion';
import { standingPose } from './testPoses';

describe('segmentSegmentDistance2', () => {
  it('measures crossing, parallel, point and end-clamped cases', () => {
    expect(segmentSegmentDistance2([-1, 0, 0], [1, 0, 0], [0, -1, 1], [0, 1, 1])).toBeCloseTo(1, 12);
    expect(segmentSegmentDistance2([0, 0, 0], [1, 0, 0], [0, 2, 0], [1, 2, 0])).toBeCloseTo(4, 12);
    expect(segmentSegmentDistance2([0, 0, 0], [0, 0, 0], [3, 4, 0], [3, 4, 0])).toBeCloseTo(25, 12);
    // Closest approach of the infinite lines lies outside the segments: clamp to the ends.
    expect(segmentSegmentDistance2([0, 0, 0], [1, 0, 0], [3, -1, 0], [3, 1, 0])).toBeCloseTo(4, 12);
  });
});

describe('selfOccluded', () => {
  const pose = standingPose();
  const fk = forwardKinematics(pose, 1);
  const lm = landmarksFromJoints(fk.positions, fk.rotations);
  const caps = bodyCapsules(fk.positions, fk.rotations);
  const face = [0, 1, 2, 3, 4, 5, 6, 9, 10];

  it('hides nothing from a camera straight in front', () => {
    const hidden = selfOccluded(lm, caps, [0, 0, 4]);
    expect(Array.from(hidden).map((h, i) => (h ? LANDMARK_NAMES[i] : '')).filter(Boolean)).toEqual([]);
  });

  it('hides the face from a camera behind, but not the ears or the limbs', () => {
    const hidden = selfOccluded(lm, caps, [0, 0.2, -4]);
    for (const i of face) expect(hidden[i], LANDMARK_NAMES[i]).toBe(1);
    for (const i of [LM.leftEar, LM.rightEar, LM.leftShoulder, LM.rightShoulder, LM.leftKnee, LM.rightAnkle]) expect(hidden[i], LANDMARK_NAMES[i]).toBe(0);
  });

  it('hides the far side from a camera at the person’s left', () => {
    const hidden = selfOccluded(lm, caps, [4, 0, 0]);
    for (const name of ['right_ear', 'right_eye_outer', 'right_shoulder', 'right_hip', 'right_knee']) expect(hidden[landmarkIndex(name)], name).toBe(1);
    for (const name of ['left_ear', 'left_eye', 'nose', 'left_shoulder', 'left_hip', 'left_knee', 'left_wrist']) expect(hidden[landmarkIndex(name)], name).toBe(0);
  });
});
