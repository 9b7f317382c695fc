import { describe, expect, it } from 'vitest';
import { jointIndex, mirrorPose, NUM_BODY_JOINTS } from '../../../../shared/body';
import { Rng } from '../random';
import { LIMB_NAMES, LIMBS, limbOf, swapLimbs } from './limbSwap';

const J = jointIndex;

function randomPose(rng: Rng): Float32Array {
  return Float32Array.from({ length: 66 }, () => rng.normal());
}

describe('limb table', () => {
  it('partitions the 22 body joints', () => {
    const all = LIMB_NAMES.flatMap((l) => [...LIMBS[l]]).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: NUM_BODY_JOINTS }, (_, j) => j));
  });

  it('follows the skeleton', () => {
    expect(LIMBS.left_arm).toEqual([J('left_collar'), J('left_shoulder'), J('left_elbow'), J('left_wrist')]);
    expect(LIMBS.right_leg).toEqual([J('right_hip'), J('right_knee'), J('right_ankle'), J('right_foot')]);
    expect(LIMBS.torso).toEqual([J('spine1'), J('spine2'), J('spine3')]);
    expect(LIMBS.head).toEqual([J('neck'), J('head')]);
    expect(limbOf(J('left_elbow'))).toBe('left_arm');
  });
});

describe('swapLimbs', () => {
  const r = new Rng(1);
  const a = randomPose(r), b = randomPose(r);

  it('takes the listed limbs from B and everything else from A', () => {
    const s = swapLimbs(a, b, ['left_arm', 'right_leg']);
    for (let j = 0; j < 22; j++) {
      const fromB = LIMBS.left_arm.includes(j) || LIMBS.right_leg.includes(j);
      expect(Array.from(s.slice(j * 3, j * 3 + 3))).toEqual(Array.from((fromB ? b : a).slice(j * 3, j * 3 + 3)));
    }
    expect(Array.from(swapLimbs(a, b, []))).toEqual(Array.from(a));
    expect(Array.from(swapLimbs(a, b, [...LIMB_NAMES]))).toEqual(Array.from(b));
  });

  it('takes the other side, reflected, with crossSide', () => {
    const s = swapLimbs(a, b, ['left_arm'], { crossSide: true });
    const mb = mirrorPose(b);
    for (const j of LIMBS.left_arm) expect(Array.from(s.slice(j * 3, j * 3 + 3))).toEqual(Array.from(mb.slice(j * 3, j * 3 + 3)));
    // B's right elbow reflected: (x, −y, −z)
    const e = J('right_elbow') * 3, le = J('left_elbow') * 3;
    expect(s[le]).toBe(b[e]);
    expect(s[le + 1]).toBe(0 - b[e + 1]);
  });

  it('does not modify its inputs and rejects unknown limbs', () => {
    const a0 = Array.from(a);
    swapLimbs(a, b, ['torso']);
    expect(Array.from(a)).toEqual(a0);
    expect(() => swapLimbs(a, b, ['tail' as never])).toThrow(RangeError);
  });
});
