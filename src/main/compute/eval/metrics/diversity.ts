/**
 * Diversity of the G samples drawn for one query: average pairwise distance (APD).
 *
 * Two definitions, both over the G(G − 1)/2 unordered pairs i < j of samples, each sample J joints × 3:
 * - averagePairwiseDistance (our headline number): mean over pairs of the mean per-joint Euclidean
 *   distance, (1/J) Σ_k ‖x_i,k − x_j,k‖. Same units as the input; comparable to MPJPE (it is the
 *   mean MPJPE, without root alignment, between two samples).
 * - averagePairwiseDistanceFlat (DLow-style APD): mean over pairs of ‖x_i − x_j‖₂ of the flattened
 *   3J-vectors. Grows with √J, so only comparable at the same joint count.
 * Fewer than two samples have no pair: both throw rather than report a diversity of 0, which would
 * read as a collapsed sampler.
 */
import { NUM_BODY_JOINTS } from '../../../../shared/body';
import { M_TO_MM, bodyJoints } from './pose';

function checkSamples(joints: ArrayLike<number>, g: number, jointsPerPose: number): void {
  if (!Number.isInteger(jointsPerPose) || jointsPerPose < 1) throw new RangeError(`jointsPerPose must be a positive integer, got ${jointsPerPose}`);
  if (!Number.isInteger(g) || g < 2) throw new RangeError(`APD needs at least 2 samples, got ${g}`);
  if (joints.length !== g * jointsPerPose * 3) throw new RangeError(`joints must be g × jointsPerPose × 3 = ${g * jointsPerPose * 3} numbers, got ${joints.length}`);
}

/** Mean over unordered sample pairs of the mean per-joint Euclidean distance (input units). */
export function averagePairwiseDistance(joints: Float32Array | Float64Array, g: number, jointsPerPose: number): number {
  checkSamples(joints, g, jointsPerPose);
  const size = jointsPerPose * 3;
  let sum = 0;
  for (let a = 0; a < g; a++) {
    for (let b = a + 1; b < g; b++) {
      let d = 0;
      for (let k = 0; k < jointsPerPose; k++) {
        const i = a * size + k * 3, j = b * size + k * 3;
        d += Math.hypot(joints[i] - joints[j], joints[i + 1] - joints[j + 1], joints[i + 2] - joints[j + 2]);
      }
      sum += d / jointsPerPose;
    }
  }
  return sum / ((g * (g - 1)) / 2);
}

/** DLow-style APD: mean over unordered sample pairs of the L2 norm of the flattened difference (input units). */
export function averagePairwiseDistanceFlat(joints: Float32Array | Float64Array, g: number, jointsPerPose: number): number {
  checkSamples(joints, g, jointsPerPose);
  const size = jointsPerPose * 3;
  let sum = 0;
  for (let a = 0; a < g; a++) {
    for (let b = a + 1; b < g; b++) {
      let d2 = 0;
      for (let k = 0; k < size; k++) d2 += (joints[a * size + k] - joints[b * size + k]) ** 2;
      sum += Math.sqrt(d2);
    }
  }
  return sum / ((g * (g - 1)) / 2);
}

export interface SampleDiversity {
  /** averagePairwiseDistance on the 22 FK body joints, mm */
  apd: number;
  /** averagePairwiseDistanceFlat on the 22 FK body joints (66-vector), mm */
  apdFlat: number;
}

/**
 * APD in millimetres of g SMPL body poses (g × 66, radians) on the 22 body joints of our skeleton's FK.
 * No alignment: differences in global orientation count as diversity (the pelvis is at the same
 * rest position in every sample, a pose vector carries no translation).
 */
export function sampleDiversityMm(poses66: ArrayLike<number>, g: number): SampleDiversity {
  if (!Number.isInteger(g) || g < 2) throw new RangeError(`APD needs at least 2 samples, got ${g}`);
  const joints = bodyJoints(poses66, g);
  return {
    apd: averagePairwiseDistance(joints, g, NUM_BODY_JOINTS) * M_TO_MM,
    apdFlat: averagePairwiseDistanceFlat(joints, g, NUM_BODY_JOINTS) * M_TO_MM,
  };
}
