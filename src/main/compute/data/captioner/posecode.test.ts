import { describe, expect, it } from 'vitest';
import { measureValues } from './measure';
import { measurePosecodes, posecodeAgreement, posecodeSatisfied, posecodeVocabulary, swapSidesPosecodes, swapSidesText, valueSatisfies } from './posecode';
import { CODES, CODE_INDEX } from './table';
import { TEST_POSES } from './testPoses';

describe('posecodes', () => {
  it('border rule: a claim holds within the code noise of its category interval, not beyond', () => {
    const i = CODE_INDEX.get('angle:left_knee')!; // thresholds 45, 75, 105, 135, 160; noise 5
    const rightAngle = CODES[i].categories.indexOf('right angle'); // (75, 105]
    expect(valueSatisfies(i, rightAngle, 90)).toBe(true);
    expect(valueSatisfies(i, rightAngle, 105)).toBe(true);
    expect(valueSatisfies(i, rightAngle, 109.9)).toBe(true);
    expect(valueSatisfies(i, rightAngle, 110.1)).toBe(false);
    expect(valueSatisfies(i, rightAngle, 70.1)).toBe(true);
    expect(valueSatisfies(i, rightAngle, 69.9)).toBe(false);
    const straight = CODES[i].categories.indexOf('straight');
    expect(valueSatisfies(i, straight, 180)).toBe(true);
  });

  it('measurePosecodes is deterministic, fully agreed by its pose, and says no ignored category', () => {
    for (const f of Object.values(TEST_POSES)) {
      const pose = f();
      const a = measurePosecodes(pose);
      expect(measurePosecodes(pose)).toEqual(a);
      expect(posecodeAgreement(a, pose)).toBe(1);
      expect(a.some((p) => p.category === 'ignored')).toBe(false);
    }
    expect(measurePosecodes(TEST_POSES.armsUp()).map((p) => p.code)).toContain('super:arms_up');
    expect(measurePosecodes(TEST_POSES.squat()).map((p) => p.code)).toContain('super:squatting');
    expect(measurePosecodes(TEST_POSES.lyingBack()).map((p) => p.code)).toContain('super:lying_back');
    expect(measurePosecodes(TEST_POSES.bentForward()).map((p) => p.code)).toContain('super:bent_forward');
    expect(measurePosecodes(TEST_POSES.kneelingLeft()).map((p) => p.code)).toContain('super:kneeling_left');
    const sitting = measurePosecodes(TEST_POSES.sittingFloor()).map((p) => p.code);
    expect(sitting).toContain('super:sitting_floor');
    expect(sitting.filter((c) => c.startsWith('super:kneel') || c.startsWith('super:lying') || c === 'super:squatting')).toEqual([]);
    expect(measurePosecodes(TEST_POSES.standing()).filter((p) => p.code.startsWith('super:')).map((p) => p.code)).toEqual([
      'super:standing_straight',
      'super:feet_shoulder_width',
    ]);
  });

  it('agreement is the fraction satisfied; unknown codes and wrong super labels count as unsatisfied', () => {
    const pose = TEST_POSES.standing();
    const claims = [
      { code: 'angle:left_knee', category: 'straight' },
      { code: 'angle:right_knee', category: 'completely bent' },
      { code: 'no:such', category: 'x' },
      { code: 'super:standing_straight', category: 'standing straight' },
      { code: 'super:standing_straight', category: 'kneeling' },
    ];
    expect(posecodeAgreement(claims, pose)).toBeCloseTo(2 / 5, 12);
    expect(posecodeAgreement([], pose)).toBe(1);
    const v = measureValues(pose);
    expect(posecodeSatisfied({ code: 'super:kneeling', category: 'kneeling' }, v)).toBe(false);
  });

  it('swapSidesPosecodes is an involution mapping left codes to right ones and flipping sideways categories', () => {
    const ps = [
      { code: 'angle:left_knee', category: 'straight' },
      { code: 'x:left_hand-left_shoulder', category: 'at left' },
      { code: 'y:left_hand-right_hand', category: 'above' },
      { code: 'x:left_hand-right_hand', category: 'at right' },
      { code: 'body:lean', category: 'leaning left' },
      { code: 'super:kneeling_left', category: 'kneeling on the left knee' },
    ];
    expect(swapSidesPosecodes(ps)).toEqual([
      { code: 'angle:right_knee', category: 'straight' },
      { code: 'x:right_hand-right_shoulder', category: 'at right' },
      { code: 'y:left_hand-right_hand', category: 'below' },
      { code: 'x:left_hand-right_hand', category: 'at right' },
      { code: 'body:lean', category: 'leaning right' },
      { code: 'super:kneeling_right', category: 'kneeling on the right knee' },
    ]);
    expect(swapSidesPosecodes(swapSidesPosecodes(ps))).toEqual(ps);
  });

  it('swapSidesText swaps left and right as words', () => {
    expect(swapSidesText('The left hand is to the right of the head. Left foot, rightward.')).toBe('The right hand is to the left of the head. Right foot, leftward.');
    expect(swapSidesText('upright and bright')).toBe('upright and bright');
  });

  it('the vocabulary lists every sayable pair once', () => {
    const v = posecodeVocabulary();
    expect(new Set(v.map((p) => `${p.code}=${p.category}`)).size).toBe(v.length);
    expect(v.length).toBeGreaterThan(150);
    expect(v).toContainEqual({ code: 'super:kneeling', category: 'kneeling' });
    expect(v.some((p) => p.category === 'ignored')).toBe(false);
  });
});
