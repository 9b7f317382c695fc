import { describe, expect, it } from 'vitest';
import { JOINT_NAMES, PARENTS, REST_JOINTS } from '../body';
import { rng, randomPoses } from '../body/testRandom';
import { exportFileName, safeFileBase } from './provenance';
import { SMPL_POSE_FORMAT, smplPoseJson, toSmplPoseDocument } from './smplJson';

const provenance = { app: 'Pose-RFT Studio', version: '1.2.3', sessionId: 's-1', name: 'Kneeling', exportedAt: '2026-11-25T00:00:00.000Z' };

describe('toSmplPoseDocument', () => {
  it('lays a pose out as SMPL parameters with identity hands, the skeleton and provenance', () => {
    const pose = randomPoses(rng(1), 1, 72, 2);
    const doc = toSmplPoseDocument(pose, provenance);
    expect(doc.format).toBe(SMPL_POSE_FORMAT);
    expect(doc.version).toBe(1);
    expect(doc.jointNames).toEqual([...JOINT_NAMES]);
    expect(doc.parents).toEqual([...PARENTS]);
    expect(doc.poseAxisAngle).toHaveLength(72);
    // Float32 values survive as the same float32.
    for (let i = 0; i < 66; i++) expect(Math.fround(doc.poseAxisAngle[i])).toBe(pose[i]);
    expect(doc.poseAxisAngle.slice(66)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(doc.globalOrient).toEqual(doc.poseAxisAngle.slice(0, 3));
    expect(doc.bodyPose).toEqual(doc.poseAxisAngle.slice(3, 66));
    expect(doc.bodyPose).toHaveLength(63);
    expect(doc.restJoints).toHaveLength(24);
    expect(doc.restJoints[4].map(Math.fround)).toEqual(Array.from(REST_JOINTS.slice(12, 15)));
    expect(doc.provenance).toEqual(provenance);
  });

  it('widens a 66-number pose and writes parseable JSON text', () => {
    const pose = Array.from({ length: 66 }, (_, i) => i / 100);
    const doc = JSON.parse(smplPoseJson(pose, provenance));
    expect(doc.poseAxisAngle.slice(0, 66).map(Math.fround)).toEqual(pose.map(Math.fround));
    expect(doc.poseAxisAngle).toHaveLength(72);
  });
});

describe('exportFileName', () => {
  it('keeps readable names and removes what file systems refuse', () => {
    expect(exportFileName('Kneeling, arms up', 'smpl-json')).toBe('Kneeling, arms up.json');
    expect(exportFileName('a/b\\c:d*e?"f<g>h|i', 'bvh')).toBe('a_b_c_d_e_f_g_h_i.bvh');
    expect(exportFileName('  ..hidden.. ', 'bvh')).toBe('hidden.bvh');
    expect(exportFileName('\u0000\n', 'bvh')).toBe('pose.bvh');
    expect(exportFileName('x'.repeat(300), 'smpl-json')).toBe('x'.repeat(80) + '.json');
  });

  it('shares its rule with other exports, each with its own fallback name', () => {
    expect(safeFileBase('walk: take 2', 'video')).toBe('walk_ take 2');
    expect(safeFileBase('??', 'video')).toBe('video');
  });
});
