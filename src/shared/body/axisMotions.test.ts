import { describe, expect, it } from 'vitest';
import { AXIS_MOTIONS, axisMotion } from './axisMotions';
import { jointAngles, setJointAngles } from './jointAngles';
import { JOINT_LIMITS_DEG } from './limits';
import { mirrorPose } from './mirror';
import { zeroPose } from './pose';
import { jointIndex, MIRROR_JOINT_MAP, NUM_JOINTS } from './skeleton';

const AXES = [0, 1, 2] as const;

describe('anatomical axis motions', () => {
  it('names the knee x axis a bend that moves the shin backward for positive angles', () => {
    for (const knee of ['left_knee', 'right_knee']) {
      const m = axisMotion(jointIndex(knee), 0);
      expect(m).toMatchObject({ name: 'Bend', negative: 'forward', positive: 'back', plane: 'sagittal' });
    }
  });

  it('names the lower spine axes bend forward/back, lean and turn', () => {
    const [x, y, z] = AXIS_MOTIONS[jointIndex('spine1')];
    expect(x.name).toBe('Bend');
    expect([x.negative, x.positive].sort()).toEqual(['back', 'forward']);
    expect(y).toMatchObject({ name: 'Lean', plane: 'frontal' });
    expect([y.negative, y.positive].sort()).toEqual(['left', 'right']);
    expect(z).toMatchObject({ name: 'Turn', plane: 'twist' });
    expect([z.negative, z.positive].sort()).toEqual(['left', 'right']);
  });

  it('agrees with the anatomy the joint limits encode', () => {
    // Left-hip flexion (thigh forward) is negative x and abduction positive y (limits.ts);
    // the left shoulder's x runs from 90° up to 135° down (the e2e slider test lowers the arm).
    const hip = AXIS_MOTIONS[jointIndex('left_hip')];
    expect(hip[0]).toMatchObject({ name: 'Lift', negative: 'forward', positive: 'back' });
    expect(hip[1]).toMatchObject({ name: 'Spread', negative: 'in', positive: 'out' });
    expect(hip[2].name).toBe('Twist');
    const shoulder = AXIS_MOTIONS[jointIndex('left_shoulder')];
    expect(shoulder[0]).toMatchObject({ name: 'Raise', negative: 'up', positive: 'down' });
    expect(shoulder[1]).toMatchObject({ name: 'Swing', plane: 'sagittal' });
    expect(shoulder[2]).toMatchObject({ name: 'Twist', plane: 'twist' });
    // Left elbow flexion is negative y (limit [−150, 0]): the forearm comes forward.
    expect(AXIS_MOTIONS[jointIndex('left_elbow')][1]).toMatchObject({ name: 'Bend', negative: 'forward' });
  });

  it('gives mirrored joints the same words for the same anatomical motion', () => {
    for (let j = 0; j < NUM_JOINTS; j++) {
      const m = MIRROR_JOINT_MAP[j];
      if (m === j) continue;
      for (const a of AXES) {
        // Which sign of the mirror joint's angle makes the mirror image of +15° here.
        const pose = zeroPose();
        const deg: [number, number, number] = [0, 0, 0];
        deg[a] = 15;
        setJointAngles(pose, j, deg);
        const mirrored = jointAngles(mirrorPose(pose), m)[a];
        expect(Math.abs(mirrored)).toBeCloseTo(15, 3);
        const mine = AXIS_MOTIONS[j][a];
        const theirs = AXIS_MOTIONS[m][a];
        expect(theirs.name).toBe(mine.name);
        expect(theirs.plane).toBe(mine.plane);
        if (mirrored > 0) expect([theirs.negative, theirs.positive]).toEqual([mine.negative, mine.positive]);
        else expect([theirs.negative, theirs.positive]).toEqual([mine.positive, mine.negative]);
      }
    }
  });

  it('mirrors the shoulders as expected: same x words, swapped y and z words', () => {
    const l = AXIS_MOTIONS[jointIndex('left_shoulder')];
    const r = AXIS_MOTIONS[jointIndex('right_shoulder')];
    expect(r[0]).toEqual(l[0]);
    expect([r[1].negative, r[1].positive]).toEqual([l[1].positive, l[1].negative]);
    expect([r[2].negative, r[2].positive]).toEqual([l[2].positive, l[2].negative]);
  });

  it('labels every unlocked axis of every joint with a name and two distinct end words', () => {
    for (let j = 0; j < NUM_JOINTS; j++) {
      const lim = JOINT_LIMITS_DEG[j];
      for (const a of AXES) {
        if (lim && lim[a][1] - lim[a][0] < 1e-9) continue;
        const m = axisMotion(j, a);
        expect(m.name.length, `joint ${j} axis ${a}`).toBeGreaterThan(0);
        expect(m.negative.length).toBeGreaterThan(0);
        expect(m.positive.length).toBeGreaterThan(0);
        expect(m.negative).not.toBe(m.positive);
      }
    }
    // The three axes of a joint with three free axes are three different motions.
    for (const name of ['left_shoulder', 'left_hip', 'spine2', 'neck', 'head', 'left_wrist']) {
      const planes = new Set(AXIS_MOTIONS[jointIndex(name)].map((m) => m.plane));
      expect(planes.size, name).toBe(3);
    }
  });

  it('rejects joints outside 0..23', () => {
    expect(() => axisMotion(24, 0)).toThrow(RangeError);
  });
});
