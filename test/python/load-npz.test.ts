import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomPoses, rng } from '../../src/shared/body/testRandom';
import { amassNpz } from '../../src/shared/export/amassNpz';

/**
 * numpy itself loads the AMASS .npz export: `np.load(path)` with allow_pickle left False, the documented
 * keys, dtypes and shapes, zip CRCs (zipfile.testzip), and every member byte-identical to what np.save
 * writes for the loaded array.
 */

/** The first Python with numpy: the one on PATH, then the system one (Debian's python3-numpy). */
function pythonWithNumpy(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(py, ['-c', 'import numpy'], { stdio: 'ignore', timeout: 30_000 });
      return py;
    } catch {
      // not there, or no numpy: try the next
    }
  }
  return null;
}

const PY = pythonWithNumpy();
if (!PY) console.warn('[load-npz] no python3 with numpy found (tried python3 on PATH and /usr/bin/python3): the numpy load test is skipped');

const SCRIPT = `
import io, json, sys, zipfile
import numpy as np
out = {}
for path in sys.argv[1:]:
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        raw = {n[:-4]: z.read(n) for n in z.namelist()}
    d = np.load(path)  # allow_pickle stays False
    keys = list(d.keys())
    arrays = {}
    for k in keys:
        a = d[k]
        buf = io.BytesIO()
        np.save(buf, a)
        arrays[k] = {
            'dtype': a.dtype.str,
            'shape': list(a.shape),
            'value': a.tolist(),
            'same_bytes_as_np_save': buf.getvalue() == raw[k],
        }
    out[path] = {'keys': keys, 'crc_ok': bad is None, 'arrays': arrays}
print(json.dumps(out))
`;

interface Loaded {
  keys: string[];
  crc_ok: boolean;
  arrays: Record<string, { dtype: string; shape: number[]; value: unknown; same_bytes_as_np_save: boolean }>;
}

describe.skipIf(!PY)('numpy loads the AMASS .npz export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npz-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the documented keys, dtypes and shapes for both layouts, written exactly as np.save would', () => {
    const pose = randomPoses(rng(11), 1, 66, 2);
    const provenance = { app: 'Pose-RFT Studio', version: '0.1.0', sessionId: 'sess-1', name: 'Reach — “up”', exportedAt: '2026-11-25T08:00:00.000Z' };
    const files: Record<72 | 156, string> = { 72: join(dir, 'pose72.npz'), 156: join(dir, 'pose156.npz') };
    for (const layout of [72, 156] as const) {
      writeFileSync(files[layout], amassNpz(pose, layout, { provenance, prompt: 'reaching up 😀', seed: 123456789012, model: 'policy.onnx' }));
    }
    const result = JSON.parse(execFileSync(PY as string, ['-c', SCRIPT, files[72], files[156]], { encoding: 'utf8', timeout: 60_000 })) as Record<string, Loaded>;

    for (const layout of [72, 156] as const) {
      const r = result[files[layout]];
      expect(r.crc_ok).toBe(true);
      const want: Record<string, [string, number[]]> = {
        poses: ['<f4', [1, layout]],
        trans: ['<f4', [1, 3]],
        betas: ['<f4', [layout === 72 ? 10 : 16]],
        gender: ['<U7', []],
        mocap_framerate: ['<f8', []],
        surface_model_type: [layout === 72 ? '<U4' : '<U5', []],
        root_orient: ['<f4', [1, 3]],
        pose_body: ['<f4', [1, 63]],
        ...(layout === 156 ? { pose_hand: ['<f4', [1, 90]] as [string, number[]] } : {}),
        app: ['<U15', []],
        version: ['<U5', []],
        name: ['<U12', []],
        exported_at: ['<U24', []],
        session_id: ['<U6', []],
        prompt: ['<U13', []], // 13 code points: the emoji is one
        model: ['<U11', []],
        seed: ['<i8', []],
      };
      expect(r.keys).toEqual(Object.keys(want));
      for (const [k, [dtype, shape]] of Object.entries(want)) {
        expect({ k, dtype: r.arrays[k].dtype, shape: r.arrays[k].shape, identical: r.arrays[k].same_bytes_as_np_save }).toEqual({ k, dtype, shape, identical: true });
      }
      const a = r.arrays;
      expect(a.gender.value).toBe('neutral');
      expect(a.mocap_framerate.value).toBe(30);
      expect(a.name.value).toBe('Reach — “up”');
      expect(a.prompt.value).toBe('reaching up 😀');
      expect(a.seed.value).toBe(123456789012);
      expect(a.surface_model_type.value).toBe(layout === 72 ? 'smpl' : 'smplh');
      const poses = (a.poses.value as number[][])[0];
      expect(poses.slice(3, 66)).toEqual(Array.from(pose.subarray(3, 66)));
      expect(poses.slice(66).every((x) => x === 0)).toBe(true);
      expect((a.root_orient.value as number[][])[0]).toEqual(poses.slice(0, 3));
      expect((a.pose_body.value as number[][])[0]).toEqual(poses.slice(3, 66));
    }
  });
});
