import { describe, expect, it } from 'vitest';
import { jointIndex, jointPositions, setJointAngles } from '../../../../shared/body';
import { bodyCapsules, CAPSULE_PAIRS, CAPSULES, segmentDistanceSq, selfIntersections } from './capsules';
import { plausibility } from './plausibility';

const J = jointIndex;

function pose(spec: Record<string, readonly [number, number, number]>): Float32Array {
  const p = new Float32Array(66);
  for (const [k, v] of Object.entries(spec)) setJointAngles(p, J(k), v);
  return p;
}

/** Surface gap between two named capsules (negative: overlapping by that much). */
function gap(p: Float32Array, a: string, b: string): number {
  const cs = bodyCapsules(p);
  const A = cs.find((c) => c.name === a)!;
  const B = cs.find((c) => c.name === b)!;
  return Math.sqrt(segmentDistanceSq(...A.a, ...A.b, ...B.a, ...B.b)) - A.r - B.r;
}

const x = (p: Float32Array, name: string): number => jointPositions(p, 1)[J(name) * 3];

// Constructed poses (SJA degrees): left shoulder x lowers the arm (+) / raises it (−), y swings it
// forward (−); the left elbow bends with negative y. Right-side values are the mirror image.
const ARMS_CROSSED = pose({
  left_collar: [0, -30, 0],
  left_shoulder: [30, -81, 0],
  left_elbow: [0, -110, 0],
  right_collar: [0, 30, 0],
  right_shoulder: [30, 81, -60],
  right_elbow: [0, 100, 0],
});
const HANDS_ON_HIPS = pose({ left_shoulder: [60, -10, 75], right_shoulder: [60, 10, -75], left_elbow: [0, -70, 0], right_elbow: [0, 70, 0] });
const HAND_IN_TORSO = pose({ left_shoulder: [60, -60, 90], left_elbow: [0, -130, 0] });

describe('segmentDistanceSq', () => {
  it('handles crossing, parallel, end-to-end and degenerate segments', () => {
    expect(segmentDistanceSq(-1, 0, 0, 1, 0, 0, 0, -1, 1, 0, 1, 1)).toBeCloseTo(1, 12); // skew, 1 apart
    expect(segmentDistanceSq(0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 2, 0)).toBeCloseTo(4, 12); // parallel
    expect(segmentDistanceSq(0, 0, 0, 1, 0, 0, 3, 0, 0, 4, 0, 0)).toBeCloseTo(4, 12); // collinear, gap 2
    expect(segmentDistanceSq(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0)).toBeCloseTo(1, 12); // two points
    expect(segmentDistanceSq(0, 0, 0, 2, 0, 0, 1, 3, 0, 1, 3, 0)).toBeCloseTo(9, 12); // point over a segment
    expect(segmentDistanceSq(-1, 0, 0, 1, 0, 0, 0, -1, 0, 0, 1, 0)).toBe(0); // intersecting
  });
});

describe('capsule body', () => {
  it('has the listed parts, and never tests a part against itself or its parent/child', () => {
    expect(CAPSULES.map((c) => c.name)).toContain('left_forearm');
    const names = (p: readonly [number, number]) => [CAPSULES[p[0]].name, CAPSULES[p[1]].name].sort().join('|');
    const pairs = new Set(CAPSULE_PAIRS.map(names));
    expect(pairs.has(['left_forearm', 'left_upper_arm'].sort().join('|'))).toBe(false);
    expect(pairs.has(['left_shin', 'left_thigh'].sort().join('|'))).toBe(false);
    expect(pairs.has(['chest', 'left_hand'].sort().join('|'))).toBe(true);
    expect(pairs.has(['left_forearm', 'right_forearm'].sort().join('|'))).toBe(true);
  });

  it('stands about 1.7 m tall at rest', () => {
    const cs = bodyCapsules(new Float32Array(66));
    const top = Math.max(...cs.map((c) => Math.max(c.a[1], c.b[1]) + c.r));
    const bottom = Math.min(...cs.map((c) => Math.min(c.a[1], c.b[1]) - c.r));
    expect(top - bottom).toBeGreaterThan(1.6);
    expect(top - bottom).toBeLessThan(1.8);
  });
});

describe('selfIntersections', () => {
  it('finds nothing in the rest pose', () => {
    expect(selfIntersections(new Float32Array(66))).toEqual([]);
    expect(plausibility(new Float32Array(66)).ok).toBe(true);
  });

  it('flags a hand driven into the torso', () => {
    const xs = selfIntersections(HAND_IN_TORSO);
    const hit = xs.find((i) => i.b === 'left_hand' && (i.a === 'chest' || i.a === 'abdomen'));
    expect(hit).toBeDefined();
    expect(hit!.depth).toBeGreaterThan(0.08);
    const p = plausibility(HAND_IN_TORSO);
    expect(p.ok).toBe(false);
    expect(p.limitScore).toBe(0); // within limits: only the intersection makes it implausible
    expect(p.reasons.some((r) => r.includes('left_hand'))).toBe(true);
  });

  it('accepts arms crossed: forearms touching across the midline', () => {
    expect(x(ARMS_CROSSED, 'left_wrist')).toBeLessThan(-0.06);
    expect(x(ARMS_CROSSED, 'right_wrist')).toBeGreaterThan(0.06);
    expect(gap(ARMS_CROSSED, 'left_forearm', 'right_forearm')).toBeLessThan(0.01); // in contact
    expect(selfIntersections(ARMS_CROSSED)).toEqual([]);
    expect(plausibility(ARMS_CROSSED).ok).toBe(true);
  });

  it('accepts hands on hips: hands touching the pelvis, elbows out', () => {
    expect(gap(HANDS_ON_HIPS, 'left_hand', 'pelvis')).toBeLessThan(0);
    expect(gap(HANDS_ON_HIPS, 'right_hand', 'pelvis')).toBeLessThan(0);
    expect(x(HANDS_ON_HIPS, 'left_elbow')).toBeGreaterThan(0.3);
    expect(selfIntersections(HANDS_ON_HIPS)).toEqual([]);
    expect(plausibility(HANDS_ON_HIPS).ok).toBe(true);
  });

  it('accepts feet together and flags legs crossed through each other', () => {
    const together = pose({ left_hip: [0, -4, 0], right_hip: [0, 4, 0] }); // legs closed until the ankles meet
    expect(x(together, 'left_ankle') - x(together, 'right_ankle')).toBeLessThan(0.08);
    expect(selfIntersections(together)).toEqual([]);
    const through = pose({ left_hip: [0, -8, 0], right_hip: [0, 8, 0] }); // each ankle past the midline
    expect(x(through, 'left_ankle')).toBeLessThan(0);
    expect(selfIntersections(through).some((i) => i.a === 'left_shin' && i.b === 'right_shin')).toBe(true);
    const deep = pose({ left_hip: [0, -17, 0], right_hip: [0, 17, 0] }); // knees past the midline too
    expect(selfIntersections(deep).some((i) => i.a === 'left_thigh' && i.b === 'right_thigh')).toBe(true);
  });

  it('tolerance is a depth, not any contact', () => {
    const deep = selfIntersections(HAND_IN_TORSO, { maxDepth: 0.2 });
    expect(deep).toEqual([]);
    expect(selfIntersections(HANDS_ON_HIPS, { maxDepth: 0 }).length).toBeGreaterThan(0);
  });
});
