import { describe, expect, it } from 'vitest';
import { jointIndex, setJointAngles } from '../../../../shared/body';
import { plausibility } from './plausibility';

const J = jointIndex;

function pose(spec: Record<string, readonly [number, number, number]>): Float32Array {
  const p = new Float32Array(66);
  for (const [k, v] of Object.entries(spec)) setJointAngles(p, J(k), v);
  return p;
}

describe('plausibility', () => {
  it('applies the thresholds', () => {
    const knee = pose({ left_knee: [-8, 0, 0] }); // hyperextended by 8°
    const p = plausibility(knee);
    expect(p.limitScore).toBeCloseTo(8, 3);
    expect(p.ok).toBe(false); // over the 5° per-axis threshold
    expect(plausibility(knee, { maxLimitAxis: 10 }).ok).toBe(true);
    expect(plausibility(knee, { maxLimitAxis: 10, maxLimitTotal: 5 }).ok).toBe(false);
    expect(plausibility(pose({ left_knee: [-3, 0, 0] })).ok).toBe(true);
  });

  it('combines the three checks and lists a reason for each failure', () => {
    const rest = plausibility(new Float32Array(66));
    expect(rest).toMatchObject({ ok: true, limitScore: 0, violations: [], intersections: [], reasons: [] });
    expect(rest.ground.support).toContain('foot');
    const bad = pose({ left_knee: [-20, 0, 0], left_shoulder: [60, -60, 90], left_elbow: [0, -130, 0] });
    bad[0] = Math.PI; // and upside down on its head
    const p = plausibility(bad);
    expect(p.ok).toBe(false);
    expect(p.violations.map((v) => `${v.joint}.${v.axis}`)).toContain('left_knee.x');
    expect(p.intersections.length).toBeGreaterThan(0);
    expect(p.reasons.some((r) => r.includes('left_knee'))).toBe(true);
    expect(p.reasons.some((r) => r.includes('intersect'))).toBe(true);
    expect(p.reasons.some((r) => r.includes('upside down'))).toBe(true);
    // each check can be switched off
    const lenient = plausibility(bad, { maxLimitTotal: 100, maxLimitAxis: 100, skipIntersections: true, skipGround: true });
    expect(lenient.ok).toBe(true);
  });
});
