import { describe, expect, it } from 'vitest';
import { REST_JOINTS, jointPositions } from '../body';
import { randomPoses, rng } from '../body/testRandom';
import { jointPositionsCsv } from './jointCsv';

describe('jointPositionsCsv', () => {
  it('writes a header and one row of FK joint positions per frame', () => {
    const poses = randomPoses(rng(3), 2, 66, 1.5);
    const csv = jointPositionsCsv([
      { frame: 0, timeS: 0, pose: new Float32Array(66) },
      { frame: 4, timeS: 0.4, pose: poses.subarray(66, 132), flagged: true },
    ]);
    const rows = csv.trim().split('\n').map((r) => r.split(','));
    expect(rows).toHaveLength(3);
    expect(rows[0]!.slice(0, 6)).toEqual(['frame', 'time_s', 'flagged', 'pelvis_x', 'pelvis_y', 'pelvis_z']);
    expect(rows[0]).toHaveLength(3 + 66);
    // The rest pose's joints are the body model's rest joints.
    expect(rows[1]!.slice(3).map(Number)).toEqual(Array.from(REST_JOINTS.subarray(0, 66), (v) => Number(v.toFixed(6))));
    expect(rows[2]!.slice(0, 3)).toEqual(['4', '0.400000', '1']);
    const want = jointPositions(poses.subarray(66, 132), 1);
    rows[2]!.slice(3).forEach((v, i) => expect(Number(v)).toBeCloseTo(want[i]!, 5));
  });

  it('refuses a pose of the wrong length or with a non-finite value', () => {
    expect(() => jointPositionsCsv([{ frame: 0, timeS: 0, pose: new Float32Array(10) }])).toThrow(RangeError);
    const bad = new Float32Array(66);
    bad[5] = NaN;
    expect(() => jointPositionsCsv([{ frame: 0, timeS: 0, pose: bad }])).toThrow(RangeError);
  });
});
