import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MOTION_IMPORT_LIMITS, type ImportedClip } from '../../shared/api';
import { MAX_IMPORT_BYTES } from '../compute/data/import';
import { useServedBackend, type Reply as CallReply } from './servedBackend.testkit';
import { sampleFrameIndices } from './motion';

/** motion.import through the real backend behind the HTTP server, sent the way the renderer sends files. */
const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/bvh');
const hasFixtures = fs.existsSync(path.join(FIXTURES, '131_01.bvh'));



const served = useServedBackend('motion');
type Reply = CallReply<{ clip: ImportedClip }> & { json: { error?: { details?: { reason?: string; line?: number } } } };
const call = (body: unknown): Promise<Reply> => served<{ clip: ImportedClip }>('motion.import', body) as Promise<Reply>;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

/** A small CMU-named rig: hips, spine, head and one chain per limb; 10 frames of the left knee bending. */
function smallBvh(): string {
  const chain = (side: 'Left' | 'Right', x: number) => `
  JOINT ${side}UpLeg
  {
    OFFSET ${x} 0 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT ${side}Leg
    {
      OFFSET 0 -18 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      JOINT ${side}Foot
      {
        OFFSET 0 -17 0
        CHANNELS 3 Zrotation Xrotation Yrotation
        End Site
        {
          OFFSET 0 -2 5
        }
      }
    }
  }`;
  const arm = (side: 'Left' | 'Right', x: number) => `
    JOINT ${side}Arm
    {
      OFFSET ${x} 4 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      JOINT ${side}ForeArm
      {
        OFFSET ${x * 2} 0 0
        CHANNELS 3 Zrotation Xrotation Yrotation
        JOINT ${side}Hand
        {
          OFFSET ${x * 2} 0 0
          CHANNELS 3 Zrotation Xrotation Yrotation
          End Site
          {
            OFFSET ${x / 2} 0 0
          }
        }
      }
    }`;
  const hierarchy = `HIERARCHY
ROOT Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation${chain('Left', 3.5)}${chain('Right', -3.5)}
  JOINT Spine
  {
    OFFSET 0 5 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT Neck
    {
      OFFSET 0 16 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      JOINT Head
      {
        OFFSET 0 4 0
        CHANNELS 3 Zrotation Xrotation Yrotation
        End Site
        {
          OFFSET 0 6 0
        }
      }
    }${arm('Left', 5)}${arm('Right', -5)}
  }
}
`;
  // Channels: root 6, legs 2×9, spine/neck/head 9, arms 2×9 = 51.
  const frames = Array.from({ length: 10 }, (_, f) => {
    const v = new Array<number>(51).fill(0);
    v[1] = 37;
    v[6 + 3 + 1] = f * 9; // LeftLeg X rotation: the knee bends as the clip runs
    return v.join(' ');
  });
  return `${hierarchy}MOTION\nFrames: 10\nFrame Time: 0.0333333\n${frames.join('\n')}\n`;
}


describe('sampleFrameIndices', () => {
  it('spreads frames evenly with the first and last included', () => {
    expect(sampleFrameIndices(100, 5)).toEqual([0, 25, 50, 74, 99]);
    expect(sampleFrameIndices(3, 24)).toEqual([0, 1, 2]);
    expect(sampleFrameIndices(10, 1)).toEqual([0]);
    expect(sampleFrameIndices(0, 5)).toEqual([]);
    const many = sampleFrameIndices(5000, 24);
    expect(many).toHaveLength(24);
    expect(new Set(many).size).toBe(24);
    expect(many.at(-1)).toBe(4999);
  });

  it("uses the importer's own size cap", () => {
    expect(MOTION_IMPORT_LIMITS.maxBytes).toBe(MAX_IMPORT_BYTES);
  });
});

describe('motion.import', () => {
  it('imports a BVH sent as base64 and returns evenly sampled 66-number frames with times and the joint map', async () => {
    const r = await call({ fileName: 'small_rig.bvh', data: b64(smallBvh()), maxFrames: 4 });
    expect(r.status).toBe(200);
    const clip = r.json.value!.clip;
    expect(clip).toMatchObject({ name: 'small_rig', format: 'bvh', frameCount: 10 });
    expect(clip.fps).toBeCloseTo(30, 1);
    expect(clip.frames.map((f) => f.index)).toEqual([0, 3, 6, 9]);
    expect(clip.frames[3].time).toBeCloseTo(9 / clip.fps, 6);
    for (const f of clip.frames) expect(f.pose).toHaveLength(66);
    // The knee bends over the clip: the first and last sampled frames differ.
    expect(clip.frames[0].pose).not.toEqual(clip.frames[3].pose);
    expect(clip.jointMap.left_knee).toBe('LeftLeg');
    expect(Object.values(clip.jointMap).some((v) => v === null)).toBe(true);
    expect(clip.warnings.length).toBeGreaterThan(0);
  });

  it('takes gzip-encoded uploads and the same clip comes back', async () => {
    const text = smallBvh();
    const plain = await call({ fileName: 'a.bvh', data: b64(text) });
    const packed = await call({ fileName: 'a.bvh', data: b64(gzipSync(text)), encoding: 'gzip' });
    expect(packed.status).toBe(200);
    expect(packed.json.value).toEqual(plain.json.value);
    expect(plain.json.value!.clip.frames).toHaveLength(
      MOTION_IMPORT_LIMITS.defaultFrames > 10 ? 10 : MOTION_IMPORT_LIMITS.defaultFrames,
    );
  });

  it.skipIf(!hasFixtures)(
    'imports the CMU fixture 131_01.bvh (gzipped to fit the message cap) as 24 frames',
    async () => {
      const bytes = fs.readFileSync(path.join(FIXTURES, '131_01.bvh'));
      const declared = Number(/Frames:\s*(\d+)/.exec(bytes.toString('utf8'))![1]);
      const r = await call({ fileName: '131_01.bvh', data: b64(gzipSync(bytes)), encoding: 'gzip' });
      expect(r.status).toBe(200);
      const clip = r.json.value!.clip;
      expect(clip.frameCount).toBe(declared);
      expect(clip.frames).toHaveLength(24);
      expect(clip.frames[0].index).toBe(0);
      expect(clip.frames[23].index).toBe(declared - 1);
      expect(clip.jointMap.left_hip).not.toBeNull();
    },
  );

  it('refuses a malformed BVH with the line of the problem, and nothing else comes back', async () => {
    const broken = smallBvh().replace('OFFSET 0 -18 0', 'OFFSET 0 minus18 0');
    const line = broken.split('\n').findIndex((l) => l.includes('minus18')) + 1;
    const r = await call({ fileName: 'broken.bvh', data: b64(broken) });
    expect(r.status).toBe(400);
    expect(r.json.ok).toBe(false);
    expect(r.json.error).toMatchObject({ code: 'bad_request', details: { reason: 'bad_format', line } });
    expect(r.json.error!.message).toMatch(new RegExp(`line ${line}\\b`));
    expect(r.json.error!.message).toMatch(/minus18/);
  });

  it('refuses bad uploads: not base64, broken gzip, unknown content, bad frame counts', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ fileName: 'a.bvh', data: 'not base64!' }, /data must be base64/],
      [{ fileName: 'a.bvh', data: b64('HIERARCHY'), encoding: 'gzip' }, /not valid gzip/],
      [{ fileName: 'notes.txt', data: b64('hello there, not a motion file') }, /./],
      [{ fileName: 'a.bvh', data: b64(smallBvh()), maxFrames: 0 }, /maxFrames/],
      [
        { fileName: 'a.bvh', data: b64(smallBvh()), maxFrames: MOTION_IMPORT_LIMITS.maxFrames + 1 },
        /maxFrames/,
      ],
      [{ fileName: '', data: b64(smallBvh()) }, /fileName/],
      [{ fileName: 'a.bvh', data: b64(smallBvh()), path: '/etc/passwd' }, /path/],
    ];
    for (const [req, message] of cases) {
      const r = await call(req);
      expect(r.status, JSON.stringify(req).slice(0, 70)).toBe(400);
      expect(r.json.error?.code).toBe('bad_request');
      expect(r.json.error?.message).toMatch(message);
    }
  });
});
