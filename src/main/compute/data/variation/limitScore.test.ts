import { describe, expect, it } from 'vitest';
import { jointIndex, jointLimitScore, setJointAngles } from '../../../../shared/body';
import { limitAngles, limitScore } from './limitScore';

const J = jointIndex;

function pose(spec: Record<string, readonly [number, number, number]>): Float32Array {
  const p = new Float32Array(66);
  for (const [k, v] of Object.entries(spec)) setJointAngles(p, J(k), v);
  return p;
}

describe('limitScore', () => {
  it('reads an elbow bent past 90° by the nearer Euler decomposition', () => {
    const p = pose({ left_elbow: [0, -130, 0] });
    expect(jointLimitScore(p).total).toBeGreaterThan(300); // the shared score reads x = z = ±180
    expect(limitScore(p).total).toBeCloseTo(0, 3);
    expect(limitScore(pose({ left_elbow: [0, 20, 0] })).total).toBeCloseTo(20, 3); // bent backwards
  });
});

describe('limitAngles', () => {
  it('gives the reading limitScore uses, which reproduces the rotation', () => {
    const p = pose({ right_elbow: [0, 140, 0] });
    const a = limitAngles(p, J('right_elbow'));
    expect(a[0]).toBeCloseTo(0, 4);
    expect(a[1]).toBeCloseTo(140, 4);
    const q = new Float32Array(66);
    setJointAngles(q, J('right_elbow'), a);
    for (let i = 0; i < 66; i++) expect(q[i]).toBeCloseTo(p[i], 5);
  });
});
