import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, importBvh, importMotionFile } from './index';

/** A minimal CMU-named rig (cm): hips, two legs, a spine and a head; two frames. */
const RIG = `HIERARCHY
ROOT Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Yrotation Xrotation
  JOINT LeftUpLeg
  {
    OFFSET 9 -8 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT LeftLeg
    {
      OFFSET 0 -40 0
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT LeftFoot
      {
        OFFSET 0 -41 0
        CHANNELS 3 Zrotation Yrotation Xrotation
        End Site
        {
          OFFSET 0 -5 12
        }
      }
    }
  }
  JOINT RightUpLeg
  {
    OFFSET -9 -8 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT RightLeg
    {
      OFFSET 0 -40 0
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT RightFoot
      {
        OFFSET 0 -41 0
        CHANNELS 3 Zrotation Yrotation Xrotation
        End Site
        {
          OFFSET 0 -5 12
        }
      }
    }
  }
  JOINT Spine
  {
    OFFSET 0 20 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT Neck
    {
      OFFSET 0 30 0
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT Head
      {
        OFFSET 0 10 0
        CHANNELS 3 Zrotation Yrotation Xrotation
        End Site
        {
          OFFSET 0 15 0
        }
      }
    }
  }
}
MOTION
Frames: 2
Frame Time: 0.04
0 95 0 0 0 0 0 0 -30 0 0 40 0 0 0 0 0 30 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
10 95 0 0 0 0 0 0 30 0 0 0 0 0 0 0 0 -30 0 0 40 0 0 0 0 0 0 0 0 0 0 0 0
`;

describe('importBvh', () => {
  it('imports a minimal rig in centimetres: two frames at 25 fps, 66 numbers each, arms left at rest with a warning', () => {
    const r = importBvh(RIG, 'step');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.clip).toMatchObject({ name: 'step', format: 'bvh', fps: 25, frameCount: 2 });
    expect(r.clip.poses.length).toBe(132);
    expect(r.clip.trans.length).toBe(6);
    expect(r.clip.jointMap).toMatchObject({ pelvis: 'Hips', left_knee: 'LeftLeg', neck: 'Neck', left_elbow: null });
    expect(r.clip.warnings.join(' ')).toMatch(/No source joint for .*left_collar/);
    // 10 cm of root motion along x, in metres.
    expect(r.clip.trans[3] - r.clip.trans[0]).toBeCloseTo(0.1 * (0.775 / 0.81), 2);
  });

  it('passes the parser\u2019s refusal through, line included', () => {
    const r = importBvh(RIG.replace('CHANNELS 3 Zrotation Yrotation Xrotation\n    JOINT LeftLeg', 'CHANNELS 3 Zrotation Yrotation Qrotation\n    JOINT LeftLeg'));
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_format', line: 9 } });
  });

  it('refuses files over MAX_IMPORT_BYTES without reading them', () => {
    const big = { length: MAX_IMPORT_BYTES + 1 } as unknown as Uint8Array;
    expect(importMotionFile('huge.npz', Object.setPrototypeOf(big, Uint8Array.prototype) as Uint8Array)).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });
});
