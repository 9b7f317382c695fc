import { describe, expect, it } from 'vitest';
import { randomPoses, rng } from '../../../../shared/body/testRandom';
import { AMASS_EXPORT_FRAMERATE, amassNpz } from '../../../../shared/export';
import { importAmass } from './amass';
import { openNpz } from './npz';

// The studio's AMASS export (src/shared/export/amassNpz.ts) must be the exact inverse of this importer.
const provenance = { app: 'Pose-RFT Studio', version: '0.1.0', name: 'round trip', exportedAt: '2026-11-25T08:00:00.000Z' };

describe('AMASS .npz export → import', () => {
  const poses = randomPoses(rng(2026), 12, 66, 3);

  for (const layout of [72, 156] as const) {
    it(`gives back the same 66 numbers and no translation (${layout} layout, 12 random poses)`, () => {
      for (let p = 0; p < 12; p++) {
        const pose = poses.subarray(p * 66, (p + 1) * 66);
        const bytes = amassNpz(pose, layout, { provenance, prompt: 'a pose', seed: p, model: 'm' });
        const r = importAmass(bytes, 'x');
        if (!r.ok) throw new Error(r.error.message);
        expect(r.clip).toMatchObject({ frameCount: 1, fps: AMASS_EXPORT_FRAMERATE, warnings: [] });
        let worst = 0;
        for (let k = 0; k < 66; k++) worst = Math.max(worst, Math.abs(r.clip.poses[k] - pose[k]));
        expect(worst).toBeLessThan(1e-6);
        for (let a = 0; a < 3; a++) expect(Math.abs(r.clip.trans[a])).toBeLessThan(1e-6);
      }
    });
  }

  it('is read by the general .npz reader with the documented dtypes and shapes (CRCs checked)', () => {
    const npz = openNpz(amassNpz(poses.subarray(0, 66), 156, { provenance, seed: 9 }));
    expect(npz.names).toEqual([
      'poses', 'trans', 'betas', 'gender', 'mocap_framerate', 'surface_model_type', 'root_orient', 'pose_body', 'pose_hand',
      'app', 'version', 'name', 'exported_at', 'seed',
    ]);
    const numeric: Record<string, [string, number[]]> = {
      poses: ['<f4', [1, 156]],
      trans: ['<f4', [1, 3]],
      betas: ['<f4', [16]],
      mocap_framerate: ['<f8', []],
      root_orient: ['<f4', [1, 3]],
      pose_body: ['<f4', [1, 63]],
      pose_hand: ['<f4', [1, 90]],
      seed: ['<i8', []],
    };
    for (const [k, [dtype, shape]] of Object.entries(numeric)) expect(npz.load(k)).toMatchObject({ dtype, shape });
    expect(Array.from(npz.load('seed').data)).toEqual([9]);
    expect(Array.from(npz.load('pose_body').data)).toEqual(Array.from(poses.subarray(3, 66)));
  });
});
