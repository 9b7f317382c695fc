import { describe, expect, it } from 'vitest';
import { forwardKinematics, jointIndex } from '../../../../shared/body';
import type { LibraryPose } from '../types';
import { bodyCapsules } from '../variation';
import { POSE_LIBRARY, libraryPose } from './index';

/**
 * Does each family of poses look like its name? Checked on forward kinematics (joints) and the plausibility
 * module's capsule body (for what touches the ground): heights are measured from the lowest capsule point.
 */

interface Body {
  y: (joint: string) => number;
  at: (joint: string) => [number, number, number];
  /** lowest capsule point of a region name (e.g. 'left_shin'), above the body's lowest point */
  capsuleHeight: (name: string) => number;
  torsoUp: number;
}

function body(p: LibraryPose): Body {
  const P = forwardKinematics(p.pose, 1).positions;
  const caps = bodyCapsules(p.pose);
  const low = Math.min(...caps.map((c) => Math.min(c.a[1], c.b[1]) - c.r));
  const at = (n: string): [number, number, number] => {
    const j = jointIndex(n);
    return [P[j * 3], P[j * 3 + 1], P[j * 3 + 2]];
  };
  const pelvis = at('pelvis'), neck = at('neck');
  const d = [neck[0] - pelvis[0], neck[1] - pelvis[1], neck[2] - pelvis[2]];
  return {
    at,
    y: (n) => at(n)[1] - low,
    capsuleHeight: (name) => {
      const c = caps.find((k) => k.name === name);
      if (!c) throw new Error(`no capsule ${name}`);
      return Math.min(c.a[1], c.b[1]) - c.r - low;
    },
    torsoUp: d[1] / Math.hypot(d[0], d[1], d[2]),
  };
}

const withTag = (tag: string): LibraryPose[] => POSE_LIBRARY.filter((p) => p.tags.includes(tag));
const inCategory = (c: string): LibraryPose[] => POSE_LIBRARY.filter((p) => p.category === c);
const sides = ['left', 'right'] as const;

describe('pose families look like their names', () => {
  it('"feet on the ground": upright, both feet carry the weight, knees nearly straight', () => {
    const poses = withTag('feet on the ground');
    expect(poses.length).toBeGreaterThanOrEqual(8);
    for (const p of poses) {
      const b = body(p);
      if (!p.tags.includes('bent forward')) expect(b.torsoUp, p.id).toBeGreaterThan(0.9);
      for (const s of sides) expect(b.capsuleHeight(`${s}_foot`), `${p.id} ${s} foot`).toBeLessThan(0.03);
      for (const s of sides) expect(b.y(`${s}_knee`), `${p.id} ${s} knee`).toBeGreaterThan(0.4);
    }
  });

  it('standing and gesture poses stand on at least one foot with the head high', () => {
    for (const p of [...inCategory('standing'), ...inCategory('gesture')]) {
      if (p.tags.includes('bent forward')) continue;
      const b = body(p);
      expect(Math.min(b.capsuleHeight('left_foot'), b.capsuleHeight('right_foot')), p.id).toBeLessThan(0.01);
      expect(b.y('head'), p.id).toBeGreaterThan(1.4);
    }
  });

  it('kneeling poses have a knee within 0.12 m of the lowest point', () => {
    const poses = withTag('kneeling');
    expect(poses.length).toBeGreaterThanOrEqual(8);
    for (const p of poses) {
      const b = body(p);
      // The knee joint sits ~6 cm above the kneecap's skin: measure the lowest of the knee joints.
      expect(Math.min(b.y('left_knee'), b.y('right_knee')), p.id).toBeLessThan(0.12);
    }
  });

  it('one-knee kneels put the named knee down and the other foot flat in front', () => {
    for (const [id, down, up] of [
      ['kneel-left-knee', 'left', 'right'],
      ['kneel-right-knee', 'right', 'left'],
    ] as const) {
      const b = body(libraryPose(id)!);
      expect(b.y(`${down}_knee`), id).toBeLessThan(0.12);
      expect(b.y(`${up}_knee`) - b.y(`${down}_knee`), id).toBeGreaterThan(0.3);
      expect(b.at(`${up}_ankle`)[2] - b.at(`${down}_knee`)[2], id).toBeGreaterThan(0.3);
      expect(b.capsuleHeight(`${up}_foot`), id).toBeLessThan(0.05);
    }
    const both = body(libraryPose('kneel-both-knees')!);
    for (const s of sides) expect(both.y(`${s}_knee`), s).toBeLessThan(0.12);
  });

  it('lying poses have the torso near horizontal and low to the ground', () => {
    for (const p of [...inCategory('lying'), libraryPose('yoga-corpse')!, libraryPose('swimming-freestyle')!]) {
      const b = body(p);
      expect(Math.abs(b.torsoUp), p.id).toBeLessThan(0.35);
      expect(b.y('pelvis'), p.id).toBeLessThan(0.3);
    }
    const onBack = body(libraryPose('lie-on-back')!), onFront = body(libraryPose('lie-on-front')!);
    // Face up: the head's nose side (+Z in the head frame) points to the sky; the front of the pelvis too.
    expect(onBack.at('head')[1]).toBeLessThan(onBack.at('pelvis')[1] + 0.2);
    expect(forwardUp(libraryPose('lie-on-back')!)).toBeGreaterThan(0.9);
    expect(forwardUp(libraryPose('lie-on-front')!)).toBeLessThan(-0.9);
    expect(onFront.y('pelvis')).toBeLessThan(0.2);
    const side = body(libraryPose('lie-on-side')!);
    expect(side.at('left_shoulder')[1]).toBeLessThan(side.at('right_shoulder')[1] - 0.25);
  });

  it('"arms up" poses have both wrists above the head', () => {
    const poses = withTag('arms up');
    expect(poses.length).toBeGreaterThanOrEqual(8);
    for (const p of poses) {
      const b = body(p);
      for (const s of sides) expect(b.y(`${s}_wrist`), `${p.id} ${s}`).toBeGreaterThan(b.y('head'));
    }
  });

  it('sitting on the floor keeps the pelvis low; sitting on a chair keeps the thighs level with the hips', () => {
    const floor = POSE_LIBRARY.filter((p) => p.tags.includes('floor'));
    expect(floor.length).toBeGreaterThanOrEqual(5);
    for (const p of floor) expect(body(p).y('pelvis'), p.id).toBeLessThan(0.3);
    const chair = POSE_LIBRARY.filter((p) => p.tags.includes('chair'));
    expect(chair.length).toBeGreaterThanOrEqual(4);
    for (const p of chair) {
      const b = body(p);
      for (const s of sides) expect(Math.abs(b.y(`${s}_knee`) - b.y(`${s}_hip`)), `${p.id} ${s}`).toBeLessThan(0.2);
      expect(b.y('pelvis'), p.id).toBeGreaterThan(0.35);
      expect(b.y('pelvis'), p.id).toBeLessThan(0.7);
    }
  });

  it('squats lower the pelvis to knee height or below, with the feet down', () => {
    for (const p of inCategory('squatting')) {
      const b = body(p);
      expect(b.y('pelvis'), p.id).toBeLessThan(0.65);
      for (const s of sides) expect(b.capsuleHeight(`${s}_foot`), p.id).toBeLessThan(0.03);
    }
  });

  it('hands-on-the-floor poses put both hands and feet (or knees) on the ground', () => {
    for (const p of withTag('hands on the floor')) {
      const b = body(p);
      for (const s of sides) expect(b.capsuleHeight(`${s}_hand`), `${p.id} ${s} hand`).toBeLessThan(0.1);
      const legs = Math.min(b.capsuleHeight('left_foot'), b.capsuleHeight('left_shin'), b.capsuleHeight('left_thigh'));
      expect(legs, p.id).toBeLessThan(0.1);
    }
    const dog = body(libraryPose('yoga-downward-dog')!);
    expect(dog.y('pelvis')).toBeGreaterThan(dog.y('neck') + 0.2);
  });

  it('cobra lies flat from the hips down with the chest lifted on the arms and the hands under the shoulders', () => {
    const b = body(libraryPose('yoga-cobra')!);
    for (const s of sides) {
      expect(b.capsuleHeight(`${s}_foot`), s).toBeLessThan(0.05);
      expect(b.capsuleHeight(`${s}_thigh`), s).toBeLessThan(0.05);
      // The knee joint sits inside the leg: the shin's lowest point is the kneecap on the floor.
      expect(b.capsuleHeight(`${s}_shin`), s).toBeLessThan(0.07);
      expect(b.capsuleHeight(`${s}_hand`), s).toBeLessThan(0.03);
      expect(horizontal(b.at(`${s}_wrist`), b.at(`${s}_shoulder`)), s).toBeLessThan(0.15);
    }
    expect(b.capsuleHeight('pelvis')).toBeLessThan(0.05);
    expect(b.y('head')).toBeGreaterThan(0.35);
    expect(b.y('left_shoulder')).toBeGreaterThan(0.4);
  });

  it('plank has straight arms under the shoulders and a straight line from shoulders to ankles', () => {
    const b = body(libraryPose('yoga-plank')!);
    for (const s of sides) {
      expect(elbowAngle(b, s), s).toBeGreaterThan(160);
      expect(horizontal(b.at(`${s}_wrist`), b.at(`${s}_shoulder`)), s).toBeLessThan(0.1);
      expect(b.capsuleHeight(`${s}_hand`), s).toBeLessThan(0.03);
      expect(b.capsuleHeight(`${s}_foot`), s).toBeLessThan(0.03);
      expect(b.capsuleHeight(`${s}_shin`), s).toBeGreaterThan(0.08);
    }
    expect(offLine(b.at('pelvis'), b.at('neck'), midpoint(b.at('left_ankle'), b.at('right_ankle')))).toBeLessThan(0.06);
    expect(b.y('left_shoulder')).toBeGreaterThan(0.5);
  });

  it('the toe touch folds over straight legs until the hands reach the floor at the feet', () => {
    const b = body(libraryPose('stand-toe-touch')!);
    for (const s of sides) {
      expect(b.y(`${s}_wrist`), s).toBeLessThan(0.12);
      expect(b.capsuleHeight(`${s}_foot`), s).toBeLessThan(0.02);
      expect(b.y(`${s}_knee`), s).toBeGreaterThan(0.4);
      // Hands by the toes, not out in front of the body.
      expect(horizontal(b.at(`${s}_wrist`), b.at(`${s}_foot`)), s).toBeLessThan(0.25);
    }
    expect(b.y('pelvis')).toBeGreaterThan(b.y('head') + 0.3);
  });

  it('lying on the front rests the chest on the floor with the arms and head down beside it', () => {
    const b = body(libraryPose('lie-on-front')!);
    expect(Math.min(b.capsuleHeight('chest'), b.capsuleHeight('abdomen'))).toBeLessThan(0.01);
    expect(b.capsuleHeight('pelvis')).toBeLessThan(0.04);
    expect(b.capsuleHeight('head')).toBeLessThan(0.05);
    for (const s of sides) {
      expect(b.capsuleHeight(`${s}_forearm`), s).toBeLessThan(0.05);
      expect(b.capsuleHeight(`${s}_hand`), s).toBeLessThan(0.03);
      expect(b.capsuleHeight(`${s}_thigh`), s).toBeLessThan(0.06);
    }
  });

  it('one-leg balances lift the free foot well off the ground', () => {
    for (const p of withTag('one leg')) {
      const b = body(p);
      const feet = [b.capsuleHeight('left_foot'), b.capsuleHeight('right_foot')].sort((x, y) => x - y);
      expect(feet[0], p.id).toBeLessThan(0.01);
      expect(feet[1], p.id).toBeGreaterThan(0.25);
    }
  });
});

type V3 = [number, number, number];
const horizontal = (a: V3, b: V3): number => Math.hypot(a[0] - b[0], a[2] - b[2]);
const midpoint = (a: V3, b: V3): V3 => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];

/** Distance of p from the line through a and b. */
function offLine(p: V3, a: V3, b: V3): number {
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], v = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
  const t = (v[0] * d[0] + v[1] * d[1] + v[2] * d[2]) / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  return Math.hypot(v[0] - t * d[0], v[1] - t * d[1], v[2] - t * d[2]);
}

/** Inner angle at the elbow in degrees (180 = straight). */
function elbowAngle(b: Body, side: string): number {
  const s = b.at(`${side}_shoulder`), e = b.at(`${side}_elbow`), w = b.at(`${side}_wrist`);
  const u = [s[0] - e[0], s[1] - e[1], s[2] - e[2]], v = [w[0] - e[0], w[1] - e[1], w[2] - e[2]];
  const c = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (Math.hypot(u[0], u[1], u[2]) * Math.hypot(v[0], v[1], v[2]));
  return (Math.acos(c) * 180) / Math.PI;
}

/** y component of the pelvis's forward (+Z) axis in the world. */
function forwardUp(p: LibraryPose): number {
  const R = forwardKinematics(p.pose, 1).rotations;
  return R[5];
}
