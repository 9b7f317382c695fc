import { JOINT_NAMES, jointIndex, mirrorPose, NUM_BODY_JOINTS, PARENTS } from '../../../../shared/body';

/**
 * Per-limb swaps: copy the local rotations of some limbs of pose B into pose A. Local rotations
 * are relative to the parent, so a swapped arm keeps its shape and hangs from A's shoulder; the
 * torso swap carries A's arms and head along with B's trunk. Limbs are subtrees of the skeleton,
 * cut where another limb starts.
 */

export const LIMB_NAMES = ['left_arm', 'right_arm', 'left_leg', 'right_leg', 'head', 'torso', 'root'] as const;
export type LimbName = (typeof LIMB_NAMES)[number];

/** Body joints (0..21) below `root` in the skeleton, root included, stopping at `stops`. */
function subtree(root: number, stops: readonly number[]): number[] {
  const out: number[] = [];
  for (let j = 0; j < NUM_BODY_JOINTS; j++) {
    let k = j;
    while (k > root && !stops.includes(k)) k = PARENTS[k];
    if (k === root) out.push(j);
  }
  return out;
}

const J = (n: string): number => jointIndex(n);
const ARM_ROOTS = [J('left_collar'), J('right_collar')];
const HEAD_ROOT = J('neck');

/** Joints of each limb (body joints only; 'root' is the global orientation). */
export const LIMBS: Readonly<Record<LimbName, readonly number[]>> = Object.freeze({
  left_arm: Object.freeze(subtree(J('left_collar'), [])),
  right_arm: Object.freeze(subtree(J('right_collar'), [])),
  left_leg: Object.freeze(subtree(J('left_hip'), [])),
  right_leg: Object.freeze(subtree(J('right_hip'), [])),
  head: Object.freeze(subtree(HEAD_ROOT, [])),
  torso: Object.freeze(subtree(J('spine1'), [...ARM_ROOTS, HEAD_ROOT])),
  root: Object.freeze([J('pelvis')]),
});

/** Left ↔ right limb, for swaps that take the other side's limb. */
export const MIRROR_LIMB: Readonly<Record<LimbName, LimbName>> = Object.freeze({
  left_arm: 'right_arm', right_arm: 'left_arm', left_leg: 'right_leg', right_leg: 'left_leg', head: 'head', torso: 'torso', root: 'root',
});

export interface LimbSwapOptions {
  /**
   * Take B's limb from the opposite side, reflected (B's right arm becomes A's left arm), so a
   * swap can also copy a gesture across sides. Default false.
   */
  crossSide?: boolean;
}

/** A copy of `a` with the local rotations of `limbs` taken from `b` (66 or 72 numbers, same length). */
export function swapLimbs(a: Float32Array, b: Float32Array, limbs: readonly LimbName[], opts: LimbSwapOptions = {}): Float32Array {
  if (a.length !== b.length) throw new RangeError(`poses must have the same length (got ${a.length} and ${b.length})`);
  const out = Float32Array.from(a);
  // Mirroring B makes its right limbs the left ones, reflected; the joint indices then line up.
  const src = opts.crossSide ? mirrorPose(b) : b;
  for (const limb of limbs) {
    const joints = LIMBS[limb];
    if (!joints) throw new RangeError(`unknown limb ${String(limb)}`);
    for (const j of joints) {
      out[j * 3] = src[j * 3];
      out[j * 3 + 1] = src[j * 3 + 1];
      out[j * 3 + 2] = src[j * 3 + 2];
    }
  }
  return out;
}

/** The limb a joint belongs to (by name), for reports. */
export function limbOf(joint: number): LimbName {
  for (const l of LIMB_NAMES) if (LIMBS[l].includes(joint)) return l;
  throw new RangeError(`joint ${joint} (${JOINT_NAMES[joint] ?? '?'}) is in no limb`);
}
