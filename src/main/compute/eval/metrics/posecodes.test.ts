import { describe, expect, it } from 'vitest';
import { caption, measurePosecodes } from '../../data/captioner';
import { TEST_POSES } from '../../data/captioner/testPoses';
import { Rng } from '../../data/random';
import { meanPosecodeAgreement } from './posecodes';

describe('meanPosecodeAgreement', () => {
  it('hand-worked: a pose agrees fully with its own posecodes, 2 of 5 claims of the fixture → mean (1 + 0.4)/2', () => {
    const standing = TEST_POSES.standing();
    const claims = [
      { code: 'angle:left_knee', category: 'straight' }, // holds
      { code: 'angle:right_knee', category: 'completely bent' }, // fails
      { code: 'no:such', category: 'x' }, // unknown: fails
      { code: 'super:standing_straight', category: 'standing straight' }, // holds
      { code: 'super:standing_straight', category: 'kneeling' }, // wrong label: fails
    ];
    const r = meanPosecodeAgreement([
      { posecodes: measurePosecodes(standing), pose: standing },
      { posecodes: claims, pose: standing },
    ]);
    expect(Array.from(r.perItem)).toEqual([1, 0.4]);
    expect(r.mean).toBeCloseTo(0.7, 12);
  });

  it('a caption agrees with its own pose, much less with a different one', () => {
    const squat = TEST_POSES.squat();
    const lying = TEST_POSES.lyingBack();
    const c = caption(squat, new Rng(5));
    const r = meanPosecodeAgreement([
      { posecodes: c.posecodes, pose: squat },
      { posecodes: c.posecodes, pose: lying },
    ]);
    expect(r.perItem[0]).toBe(1);
    expect(r.perItem[1]).toBeLessThan(0.8);
    expect(r.mean).toBeCloseTo((1 + r.perItem[1]) / 2, 12);
  });

  it('needs at least one item', () => {
    expect(() => meanPosecodeAgreement([])).toThrow(RangeError);
  });
});
