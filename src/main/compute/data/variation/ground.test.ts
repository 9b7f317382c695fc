import { describe, expect, it } from 'vitest';
import { jointIndex, setJointAngles } from '../../../../shared/body';
import { groundCheck } from './ground';
import { plausibility } from './plausibility';

const J = jointIndex;

function pose(spec: Record<string, readonly [number, number, number]>): Float32Array {
  const p = new Float32Array(66);
  for (const [k, v] of Object.entries(spec)) setJointAngles(p, J(k), v);
  return p;
}

describe('ground', () => {
  it('supports the rest pose on its feet', () => {
    const g = groundCheck(new Float32Array(66));
    expect(g.ok).toBe(true);
    expect(g.support).toContain('foot');
    expect(g.support).not.toContain('head');
    expect(g.balanced).toBe(true);
  });

  it('accepts sitting on the floor and lying on the back', () => {
    const sit = pose({ left_hip: [-90, 0, 0], right_hip: [-90, 0, 0] });
    expect(groundCheck(sit).support).toEqual(expect.arrayContaining(['pelvis', 'thigh']));
    expect(plausibility(sit).ok).toBe(true);
    const lie = new Float32Array(66);
    lie[0] = -Math.PI / 2; // pitched back onto the back
    const g = groundCheck(lie);
    expect(g.support).toContain('torso');
    expect(plausibility(lie).ok).toBe(true);
  });

  it('refuses a pose standing on its head unless inverted poses are asked for', () => {
    const inv = new Float32Array(66);
    inv[0] = Math.PI; // upside down
    const p = plausibility(inv);
    expect(p.ok).toBe(false);
    expect(p.ground.support).toEqual(['head']);
    expect(p.ground.inverted).toBe(true);
    expect(p.reasons.join(' ')).toMatch(/head/);
    // Head-alone support stays refused even when inverted poses are allowed (nothing to balance on).
    expect(plausibility(inv, { allowInverted: true }).ok).toBe(false);
    // A handstand (arms straight overhead, upside down) stands on its hands: fine when asked for.
    const stand = pose({ left_shoulder: [-90, 0, 0], right_shoulder: [-90, 0, 0] });
    stand[0] = Math.PI;
    expect(groundCheck(stand).support).toContain('hand');
    expect(plausibility(stand).ok).toBe(false);
    expect(plausibility(stand, { allowInverted: true }).ok).toBe(true);
  });

  it('does not call a forward fold or a bridge inverted', () => {
    // Standing forward fold: hips flexed fully, torso hanging down, feet on the ground.
    const fold = new Float32Array(66);
    const bend = (140 * Math.PI) / 180;
    fold[0] = bend; // torso pitched forward…
    fold[J('left_hip') * 3] = -bend; // …legs turned back to vertical
    fold[J('right_hip') * 3] = -bend;
    const g = groundCheck(fold);
    expect(g.support).toContain('foot');
    expect(g.inverted).toBe(false);
    // Bridge: on the back with the hips lifted, feet and shoulders down.
    const bridge = pose({ left_hip: [30, 0, 0], right_hip: [30, 0, 0], left_knee: [100, 0, 0], right_knee: [100, 0, 0] });
    bridge[0] = -Math.PI / 2 - 0.5;
    const b = groundCheck(bridge);
    expect(b.inverted).toBe(false);
  });

  it('reports balance and enforces it only on request', () => {
    const lean = new Float32Array(66);
    lean[2] = 0.5; // whole body tipped ~29° sideways: stood on one foot's edge, mass far outside
    const g = groundCheck(lean);
    expect(g.balanced).toBe(false);
    expect(g.comOutside).toBeGreaterThan(0.1);
    expect(plausibility(lean).ground.reasons).toEqual([]);
    expect(plausibility(lean, { requireBalance: true }).ok).toBe(false);
  });
});
