import { describe, expect, it } from 'vitest';
import { forwardKinematics, mirrorPose, rotateHeading, symmetrizeRest } from '../../../../shared/body';
import { randomPoses, rng as testRng } from '../../../../shared/body/testRandom';
import { HAND_REACH, J } from './joints';
import { lastMeasuredJoints, measureValues } from './measure';
import { CODES, CODE_INDEX, NUM_CODES } from './table';
import { TEST_POSES } from './testPoses';

const value = (v: Float64Array, id: string): number => v[CODE_INDEX.get(id)!];
const y = (p: Float64Array, j: number): number => p[j * 3 + 1];

describe('measure', () => {
  it('test poses are what their names say (checked on the posed joints)', () => {
    measureValues(TEST_POSES.kneeling());
    let p = lastMeasuredJoints();
    const minY = Math.min(...Array.from({ length: 24 }, (_, j) => y(p, j)));
    expect(y(p, J.left_knee) - minY).toBeLessThan(0.03);
    expect(y(p, J.right_knee) - minY).toBeLessThan(0.03);
    expect(y(p, J.pelvis)).toBeGreaterThan(y(p, J.left_knee) + 0.4); // upright on the knees

    measureValues(TEST_POSES.armsUp());
    p = lastMeasuredJoints();
    expect(y(p, J.left_hand) - y(p, J.head)).toBeGreaterThan(0.3);
    expect(y(p, J.right_hand) - y(p, J.head)).toBeGreaterThan(0.3);

    measureValues(TEST_POSES.standing());
    p = lastMeasuredJoints();
    expect(y(p, J.left_hand)).toBeLessThan(y(p, J.left_shoulder) - 0.4); // arms hang down
    expect(y(p, J.left_foot)).toBeLessThan(y(p, J.left_knee) - 0.3);

    measureValues(TEST_POSES.lyingBack());
    p = lastMeasuredJoints();
    expect(Math.abs(y(p, J.neck) - y(p, J.pelvis))).toBeLessThan(0.1);
    expect(p[J.neck * 3 + 2]).toBeLessThan(p[J.pelvis * 3 + 2] - 0.3); // head end toward −z: lying on the back after heading removal
  });

  it('places the virtual hand half a hand length beyond the wrist along the forearm, and the torso at the trunk mean', () => {
    const pose = TEST_POSES.armsCrossed();
    measureValues(pose);
    const p = lastMeasuredJoints();
    for (const [w, e, h] of [
      [J.left_wrist, J.left_elbow, J.left_hand],
      [J.right_wrist, J.right_elbow, J.right_hand],
    ]) {
      const d = [0, 1, 2].map((a) => p[w * 3 + a] - p[e * 3 + a]);
      const n = Math.hypot(...d);
      for (let a = 0; a < 3; a++) expect(p[h * 3 + a]).toBeCloseTo(p[w * 3 + a] + (d[a] / n) * HAND_REACH * 0.5, 9);
    }
    for (let a = 0; a < 3; a++) expect(p[J.torso * 3 + a]).toBeCloseTo((p[J.pelvis * 3 + a] + p[J.neck * 3 + a] + p[J.spine3 * 3 + a]) / 3, 9);
  });

  it('measures angles, distances and offsets as plain geometry of the posed joints', () => {
    const pose = TEST_POSES.kneelingLeft();
    const v = measureValues(pose);
    const fk = forwardKinematics(pose, 1, undefined, symmetrizeRest()).positions;
    const at = (j: number): number[] => [fk[j * 3], fk[j * 3 + 1], fk[j * 3 + 2]];
    const [hip, knee, ankle] = [at(J.left_hip), at(J.left_knee), at(J.left_ankle)];
    const u = hip.map((x, a) => x - knee[a]);
    const w = ankle.map((x, a) => x - knee[a]);
    const angle = (Math.acos((u[0] * w[0] + u[1] * w[1] + u[2] * w[2]) / (Math.hypot(...u) * Math.hypot(...w))) * 180) / Math.PI;
    expect(value(v, 'angle:left_knee')).toBeCloseTo(angle, 4);
    expect(value(v, 'angle:left_knee')).toBeGreaterThan(75);
    expect(value(v, 'angle:left_knee')).toBeLessThan(105);
    const lf = at(J.left_foot), rf = at(J.right_foot);
    expect(value(v, 'distance:feet')).toBeCloseTo(Math.hypot(lf[0] - rf[0], lf[1] - rf[1], lf[2] - rf[2]), 5);
    expect(value(v, 'z:left_ankle-left_hip')).toBeLessThan(-0.15); // the kneeling leg's foot is behind
    expect(value(v, 'z:right_ankle-right_hip')).toBeGreaterThan(0.15); // the planted foot in front
  });

  it('reads body and head orientation with the signs the categories assume', () => {
    const lying = measureValues(TEST_POSES.lyingBack());
    expect(value(lying, 'body:incline')).toBeLessThan(-50);
    expect(value(lying, 'vaxis:torso')).toBeGreaterThan(80);
    const bent = measureValues(TEST_POSES.bentForward());
    expect(value(bent, 'body:incline')).toBeGreaterThan(50);
    const standing = measureValues(TEST_POSES.standing());
    for (const id of ['body:incline', 'body:lean', 'body:twist', 'head:turn', 'head:tilt']) expect(Math.abs(value(standing, id))).toBeLessThan(10);
  });

  it('ignores the heading: a pose turned about the vertical measures the same', () => {
    const r = testRng(3);
    const poses = randomPoses(r, 20, 66, 0.6);
    for (let b = 0; b < 20; b++) {
      const pose = poses.slice(b * 66, b * 66 + 66);
      const a = measureValues(pose);
      const turned = measureValues(rotateHeading(pose, 2 * Math.PI * r()));
      for (let i = 0; i < NUM_CODES; i++) expect(turned[i]).toBeCloseTo(a[i], 3);
    }
  });

  it('measures a mirrored pose as the mirror: each code takes its mirror code’s value (negated where sideways)', () => {
    const r = testRng(11);
    const poses = randomPoses(r, 20, 72, 0.8);
    for (let b = 0; b < 20; b++) {
      const pose = poses.slice(b * 72, b * 72 + 72);
      const a = measureValues(pose);
      const m = measureValues(mirrorPose(pose));
      for (const c of CODES) expect(m[c.mirror]).toBeCloseTo(c.mirrorSign * a[c.index], 4);
    }
  });

  it('accepts 72-number poses and writes into a given buffer', () => {
    const p66 = TEST_POSES.squat();
    const p72 = new Float32Array(72);
    p72.set(p66);
    const out = new Float64Array(NUM_CODES);
    expect(measureValues(p72, out)).toBe(out);
    const b = measureValues(p66);
    for (let i = 0; i < NUM_CODES; i++) expect(out[i]).toBeCloseTo(b[i], 9);
    expect(() => measureValues(new Float32Array(10))).toThrow(RangeError);
  });
});
