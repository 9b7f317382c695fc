import { poseStride } from './pose';
import { NUM_JOINTS, PARENTS, REST_JOINTS } from './skeleton';

/**
 * Forward kinematics of the SMPL skeleton, exactly as SMPL composes its joints:
 *
 *   R_local[j]   = Rodrigues(pose[j])            (axis-angle in the parent's frame)
 *   world_R[0]   = R_local[0]                     (global orientation)
 *   world_pos[0] = rest[0]                        (no translation in a pose vector)
 *   world_R[j]   = world_R[parent]·R_local[j]
 *   world_pos[j] = world_pos[parent] + world_R[parent]·(rest[j] − rest[parent])
 *
 * so a joint's own rotation moves its children, not itself. With a 66-number stride the hand
 * joints 22/23 are at the identity. Everything is accumulated in doubles and written once to
 * the Float32 outputs, so the zero pose reproduces the rest joints bit for bit.
 */

export interface FKResult {
  /** batch × 24 × 3 joint positions, metres. */
  positions: Float32Array;
  /** batch × 24 × 9 world rotations (row-major 3 × 3). */
  rotations: Float32Array;
}

// Per-call scratch, reused across calls: the hot loop allocates nothing.
const worldR = new Float64Array(NUM_JOINTS * 9);
const worldP = new Float64Array(NUM_JOINTS * 3);

/**
 * @param pose  batch × 72 or batch × 66 axis-angle (stride detected from length / batch)
 * @param batch number of poses
 * @param out   optional preallocated outputs (batch·72 positions, batch·216 rotations); pass
 *              `rotations` too when you do not need a fresh array for them every call
 * @param rest  24 × 3 rest joints (default REST_JOINTS), e.g. symmetrizeRest() or a rescaled skeleton
 */
export function forwardKinematics(
  pose: ArrayLike<number>,
  batch: number,
  out?: { positions?: Float32Array; rotations?: Float32Array },
  rest: ArrayLike<number> = REST_JOINTS,
): FKResult {
  const stride = poseStride(pose.length, batch);
  if (rest.length < NUM_JOINTS * 3) throw new RangeError(`rest must hold ${NUM_JOINTS * 3} numbers`);
  const positions = out?.positions ?? new Float32Array(batch * NUM_JOINTS * 3);
  const rotations = out?.rotations ?? new Float32Array(batch * NUM_JOINTS * 9);
  if (positions.length < batch * NUM_JOINTS * 3) throw new RangeError('out.positions is too small');
  if (rotations.length < batch * NUM_JOINTS * 9) throw new RangeError('out.rotations is too small');
  const posedJoints = stride / 3;

  for (let b = 0; b < batch; b++) {
    const pBase = b * stride;
    for (let j = 0; j < NUM_JOINTS; j++) {
      // Local rotation: the same Rodrigues as rotation.ts, inlined with the matrix product below because
      // calling axisAngleToMatrix/matMul3 here measured ~20% slower per pose (5.2 vs 4.4 µs) on this hot path.
      let l00 = 1, l01 = 0, l02 = 0, l10 = 0, l11 = 1, l12 = 0, l20 = 0, l21 = 0, l22 = 1;
      if (j < posedJoints) {
        const x = pose[pBase + j * 3];
        const y = pose[pBase + j * 3 + 1];
        const z = pose[pBase + j * 3 + 2];
        const t2 = x * x + y * y + z * z;
        if (t2 > 0) {
          let a: number;
          let c: number;
          if (t2 < 1e-8) {
            a = 1 - t2 / 6 + (t2 * t2) / 120;
            c = 0.5 - t2 / 24 + (t2 * t2) / 720;
          } else {
            const t = Math.sqrt(t2);
            const s = Math.sin(0.5 * t);
            a = Math.sin(t) / t;
            c = (2 * s * s) / t2;
          }
          l00 = 1 - c * (y * y + z * z);
          l01 = c * x * y - a * z;
          l02 = c * x * z + a * y;
          l10 = c * x * y + a * z;
          l11 = 1 - c * (x * x + z * z);
          l12 = c * y * z - a * x;
          l20 = c * x * z - a * y;
          l21 = c * y * z + a * x;
          l22 = 1 - c * (x * x + y * y);
        }
      }
      const r = j * 9;
      const p = PARENTS[j];
      if (p < 0) {
        worldR[r] = l00; worldR[r + 1] = l01; worldR[r + 2] = l02;
        worldR[r + 3] = l10; worldR[r + 4] = l11; worldR[r + 5] = l12;
        worldR[r + 6] = l20; worldR[r + 7] = l21; worldR[r + 8] = l22;
        worldP[0] = rest[0];
        worldP[1] = rest[1];
        worldP[2] = rest[2];
      } else {
        const pr = p * 9;
        const p00 = worldR[pr], p01 = worldR[pr + 1], p02 = worldR[pr + 2];
        const p10 = worldR[pr + 3], p11 = worldR[pr + 4], p12 = worldR[pr + 5];
        const p20 = worldR[pr + 6], p21 = worldR[pr + 7], p22 = worldR[pr + 8];
        worldR[r] = p00 * l00 + p01 * l10 + p02 * l20;
        worldR[r + 1] = p00 * l01 + p01 * l11 + p02 * l21;
        worldR[r + 2] = p00 * l02 + p01 * l12 + p02 * l22;
        worldR[r + 3] = p10 * l00 + p11 * l10 + p12 * l20;
        worldR[r + 4] = p10 * l01 + p11 * l11 + p12 * l21;
        worldR[r + 5] = p10 * l02 + p11 * l12 + p12 * l22;
        worldR[r + 6] = p20 * l00 + p21 * l10 + p22 * l20;
        worldR[r + 7] = p20 * l01 + p21 * l11 + p22 * l21;
        worldR[r + 8] = p20 * l02 + p21 * l12 + p22 * l22;
        // Difference of two float32 rest values is exact in double, so identity parents give
        // back rest[j] exactly.
        const dx = rest[j * 3] - rest[p * 3];
        const dy = rest[j * 3 + 1] - rest[p * 3 + 1];
        const dz = rest[j * 3 + 2] - rest[p * 3 + 2];
        worldP[j * 3] = worldP[p * 3] + (p00 * dx + p01 * dy + p02 * dz);
        worldP[j * 3 + 1] = worldP[p * 3 + 1] + (p10 * dx + p11 * dy + p12 * dz);
        worldP[j * 3 + 2] = worldP[p * 3 + 2] + (p20 * dx + p21 * dy + p22 * dz);
      }
    }
    const po = b * NUM_JOINTS * 3;
    for (let k = 0; k < NUM_JOINTS * 3; k++) positions[po + k] = worldP[k];
    const ro = b * NUM_JOINTS * 9;
    for (let k = 0; k < NUM_JOINTS * 9; k++) rotations[ro + k] = worldR[k];
  }
  return { positions, rotations };
}

/** Joint positions only (batch × 24 × 3), for callers that do not need rotations. */
export function jointPositions(
  pose: ArrayLike<number>,
  batch: number,
  out?: Float32Array,
  rest: ArrayLike<number> = REST_JOINTS,
): Float32Array {
  return forwardKinematics(pose, batch, { positions: out, rotations: scratchRotations(batch) }, rest).positions;
}

let rotScratch = new Float32Array(0);
function scratchRotations(batch: number): Float32Array {
  const need = batch * NUM_JOINTS * 9;
  if (rotScratch.length < need) rotScratch = new Float32Array(need);
  return rotScratch;
}
