import { NUM_JOINTS, REST_JOINTS, forwardKinematics } from '../../../../shared/body';
import { NUM_LANDMARKS } from './names';
import { LANDMARK_ANCHORS } from './offsets';

/**
 * The 33 BlazePose landmarks of a posed skeleton, from an FK result (positions 24 × 3, rotations
 * 24 × 9 row-major) of one pose; body frame (metres, Y up, facing +Z), no noise. Written into `out`
 * (33 × 3) when given.
 */
export function landmarksFromJoints(positions: ArrayLike<number>, rotations: ArrayLike<number>, out?: Float32Array): Float32Array {
  if (positions.length < NUM_JOINTS * 3 || rotations.length < NUM_JOINTS * 9) throw new RangeError('need 24 joint positions and rotations');
  const o = out ?? new Float32Array(NUM_LANDMARKS * 3);
  if (o.length < NUM_LANDMARKS * 3) throw new RangeError('out must hold 33 × 3 numbers');
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const { anchor, frame, offset } = LANDMARK_ANCHORS[i];
    let x = positions[anchor * 3];
    let y = positions[anchor * 3 + 1];
    let z = positions[anchor * 3 + 2];
    if (frame >= 0) {
      const r = frame * 9;
      x += rotations[r] * offset[0] + rotations[r + 1] * offset[1] + rotations[r + 2] * offset[2];
      y += rotations[r + 3] * offset[0] + rotations[r + 4] * offset[1] + rotations[r + 5] * offset[2];
      z += rotations[r + 6] * offset[0] + rotations[r + 7] * offset[1] + rotations[r + 8] * offset[2];
    }
    o[i * 3] = x;
    o[i * 3 + 1] = y;
    o[i * 3 + 2] = z;
  }
  return o;
}

/**
 * The 33 BlazePose landmarks of one SMPL pose (66 or 72 axis-angle numbers): 33 × 3 body-frame points
 * (metres, Y up, facing +Z, the person's left at +X), no noise. `rest` picks the skeleton (default the
 * SMPL neutral template; symmetrizeRest() for exact mirror symmetry).
 */
export function landmarksFromPose(pose: ArrayLike<number>, rest: ArrayLike<number> = REST_JOINTS): Float32Array {
  if (pose.length !== 66 && pose.length !== 72) throw new RangeError(`pose must hold 66 or 72 numbers, got ${pose.length}`);
  const fk = forwardKinematics(pose, 1, undefined, rest);
  return landmarksFromJoints(fk.positions, fk.rotations);
}
