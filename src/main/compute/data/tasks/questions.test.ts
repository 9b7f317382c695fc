import { describe, expect, it } from 'vitest';
import { jointIndex, mirrorPose, setJointAngles } from '../../../../shared/body';
import { Rng } from '../random';
import { checkAnswer, drawQuestion, evaluateFact, factFrameJoints, readAnswer, type PoseFact } from './questions';

function posed(angles: Record<string, [number, number, number]>): Float32Array {
  const p = new Float32Array(66);
  for (const [name, a] of Object.entries(angles)) setJointAngles(p, jointIndex(name), a);
  return p;
}

describe('pose facts', () => {
  it('knows a raised hand is above the head and a lowered one is not', () => {
    // Shoulder axis x is 'Raise' (negative = up, see AXIS_MOTIONS): −80° lifts the T-pose arm overhead.
    const up = posed({ left_shoulder: [-80, 0, 0] });
    const j = factFrameJoints(up);
    expect(evaluateFact({ kind: 'above', a: 'left_hand', b: 'head' }, j)).toBe('yes');
    expect(evaluateFact({ kind: 'higher', pair: 'hands' }, j)).toBe('left');
    // The mirrored pose raises the other hand.
    const m = factFrameJoints(mirrorPose(up));
    expect(evaluateFact({ kind: 'higher', pair: 'hands' }, m)).toBe('right');
    expect(evaluateFact({ kind: 'above', a: 'right_hand', b: 'head' }, m)).toBe('yes');
  });

  it('refuses to judge inside the margin (T-pose hands are level with the shoulders)', () => {
    const j = factFrameJoints(new Float32Array(66));
    expect(evaluateFact({ kind: 'above', a: 'left_hand', b: 'left_shoulder' }, j)).toBeNull();
    expect(evaluateFact({ kind: 'higher', pair: 'hands' }, j)).toBeNull();
    expect(evaluateFact({ kind: 'straight', limb: 'left_knee' }, j)).toBe('yes');
    expect(evaluateFact({ kind: 'bent', limb: 'left_knee' }, j)).toBe('no');
    expect(evaluateFact({ kind: 'ground', part: 'left_foot' }, j)).toBe('yes');
    expect(evaluateFact({ kind: 'ground', part: 'left_knee' }, j)).toBe('no');
  });

  it('sees a bent knee', () => {
    const j = factFrameJoints(posed({ right_knee: [90, 0, 0] }));
    expect(evaluateFact({ kind: 'bent', limb: 'right_knee' }, j)).toBe('yes');
    expect(evaluateFact({ kind: 'straight', limb: 'right_knee' }, j)).toBe('no');
    expect(evaluateFact({ kind: 'bent', limb: 'left_knee' }, j)).toBe('no');
  });
});

describe('questions', () => {
  it('draws only questions whose stored answer the pose agrees with, across many poses and seeds', () => {
    const rng = new Rng(11);
    let asked = 0;
    for (let i = 0; i < 300; i++) {
      const pose = posed({
        left_knee: [rng.uniform(0, 140), 0, 0],
        right_knee: [rng.uniform(0, 140), 0, 0],
        left_shoulder: [rng.uniform(-60, 60), rng.uniform(-60, 60), rng.uniform(-80, 80)],
        right_shoulder: [rng.uniform(-60, 60), rng.uniform(-60, 60), rng.uniform(-80, 80)],
        left_elbow: [0, rng.uniform(-140, 0), 0],
        left_hip: [rng.uniform(-90, 30), 0, 0],
      });
      const q = drawQuestion(pose, rng);
      if (!q) continue;
      asked++;
      expect(checkAnswer(q.fact, pose, q.answer)).toBe(1);
      expect(q.question.endsWith('?')).toBe(true);
      expect(q.answer).toMatch(/^[A-Z]/);
    }
    expect(asked).toBeGreaterThan(290);
  });

  it('grades the opposite answer as wrong', () => {
    const pose = posed({ right_knee: [100, 0, 0] });
    const fact: PoseFact = { kind: 'bent', limb: 'right_knee' };
    expect(checkAnswer(fact, pose, 'Yes, the right leg is bent.')).toBe(1);
    expect(checkAnswer(fact, pose, 'No, it is straight.')).toBe(0);
    expect(checkAnswer(fact, pose, 'I cannot tell.')).toBe(0);
  });

  it('reads the first yes/no or side word only', () => {
    expect(readAnswer('Yes, no doubt.', 'yes-no')).toBe('yes');
    expect(readAnswer('The right hand is higher.', 'side')).toBe('right');
    expect(readAnswer('Nothing here', 'yes-no')).toBeNull();
  });

  it('is deterministic for a seed', () => {
    const pose = posed({ left_knee: [60, 0, 0], right_shoulder: [20, 10, 40] });
    expect(drawQuestion(pose, new Rng(4))).toEqual(drawQuestion(pose, new Rng(4)));
  });
});
