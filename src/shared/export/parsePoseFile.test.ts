import { describe, expect, it } from 'vitest';
import { rng, randomPoses } from '../body/testRandom';
import { MAX_POSE_FILE_CHARS, parsePoseFile } from './parsePoseFile';
import { smplPoseJson } from './smplJson';

const provenance = { app: 'Pose-RFT Studio', version: '1.2.3', name: 'Arms up', exportedAt: '2026-11-25T00:00:00.000Z' };

function error(text: string): string {
  const r = parsePoseFile(text);
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

describe('parsePoseFile', () => {
  it('reads back our SMPL JSON: same pose, the name from provenance', () => {
    const pose = randomPoses(rng(5), 1, 72, 1.5).fill(0, 66);
    const r = parsePoseFile(smplPoseJson(pose, provenance));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.source).toBe('smpl-json');
    expect(r.value.name).toBe('Arms up');
    expect(Float32Array.from(r.value.pose)).toEqual(pose);
  });

  it('reads bare arrays of 66 or 72 numbers', () => {
    const r66 = parsePoseFile(JSON.stringify(Array.from({ length: 66 }, (_, i) => i / 50)));
    expect(r66.ok && r66.value.pose.length).toBe(72);
    expect(r66.ok && r66.value.pose.slice(66)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(r66.ok && r66.value.name).toBe(null);
    const r72 = parsePoseFile(JSON.stringify(Array.from({ length: 72 }, () => 0.25)));
    expect(r72.ok && r72.value.pose).toEqual(Array.from({ length: 72 }, () => 0.25));
  });

  it('names what is wrong with a bad file', () => {
    expect(error('')).toMatch(/empty/);
    expect(error('{"format": ')).toMatch(/^The file is not JSON: /);
    expect(error('42')).toMatch(/found number/);
    expect(error('[1, 2, 3]')).toBe('Not a valid pose array: a pose has 66 or 72 axis-angle values.');
    expect(error(JSON.stringify(Array.from({ length: 72 }, (_, i) => (i === 5 ? 'x' : 0))))).toMatch(/^Not a valid pose array: \[5\]: /);
    expect(error(JSON.stringify(Array.from({ length: 72 }, (_, i) => (i === 7 ? 99 : 0))))).toMatch(/^Not a valid pose array: \[7\]: .*20/);
    expect(error(JSON.stringify(Array.from({ length: 100000 }, () => 0)))).toMatch(/pose array/);
    expect(error('{"hello": "world"}')).toMatch(/"format" is missing, expected "pose-rft-studio\.smpl-pose"/);
    const good = JSON.parse(smplPoseJson(new Float32Array(72), provenance));
    expect(error(JSON.stringify({ ...good, version: 2 }))).toMatch(/^Not a valid SMPL pose file: version: /);
    expect(error(JSON.stringify({ ...good, poseAxisAngle: good.poseAxisAngle.slice(0, 10) }))).toMatch(/poseAxisAngle: a pose has 66 or 72/);
    expect(error(JSON.stringify({ ...good, poseAxisAngle: undefined }))).toMatch(/poseAxisAngle: /);
    expect(error(JSON.stringify({ ...good, jointNames: ['root'] }))).toMatch(/jointNames: the joints are not the 24 SMPL joints/);
    expect(error(' '.repeat(MAX_POSE_FILE_CHARS + 1))).toMatch(/too large/);
  });
});
