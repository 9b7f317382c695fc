import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REST_JOINTS, axisAngleToMatrix, jointPositions } from '../../../../shared/body';
import { importAmassNpz, importMotionFile } from './index';
import { type NpyMember, npzBytes } from './npzTestWriter';

const N = 3;
/** Deterministic AMASS-like arrays: poses N×width, trans N×3. */
function amassArrays(width = 156): { poses: number[]; trans: number[] } {
  const poses: number[] = [];
  for (let f = 0; f < N; f++) for (let k = 0; k < width; k++) poses.push(0.1 * Math.sin(0.7 * f + 0.3 * k));
  // Standing in a Z-up world: the body's +Y turned onto +Z (+90° about X), plus a little turn per frame.
  for (let f = 0; f < N; f++) {
    poses[f * width] = Math.PI / 2;
    poses[f * width + 1] = 0;
    poses[f * width + 2] = 0;
  }
  const trans = [0.1, 0.2, 0.9, 0.3, 0.1, 0.95, 0.5, 0, 0.92];
  return { poses, trans };
}

function members(over: Partial<Record<string, Partial<NpyMember> | null>> = {}, width = 156): NpyMember[] {
  const { poses, trans } = amassArrays(width);
  const base: Record<string, NpyMember> = {
    poses: { name: 'poses', descr: '<f8', shape: [N, width], values: poses },
    trans: { name: 'trans', descr: '<f8', shape: [N, 3], values: trans },
    betas: { name: 'betas', descr: '<f8', shape: [16], values: new Array(16).fill(0) },
    mocap_framerate: { name: 'mocap_framerate', descr: '<f8', shape: [], values: [120], rawHeader: "{'descr': '<f8', 'fortran_order': False, 'shape': (), }" },
  };
  const out: NpyMember[] = [];
  for (const [k, m] of Object.entries(base)) {
    const o = over[k];
    if (o === null) continue;
    out.push({ ...m, ...(o ?? {}) });
  }
  return out;
}

function expectRefused(bytes: Uint8Array, code: string, pattern: RegExp): void {
  const r = importAmassNpz(bytes, 'bad');
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe(code);
  expect(r.error.message).toMatch(pattern);
}

describe('importAmassNpz', () => {
  for (const method of [0, 8] as const) {
    for (const width of [156, 72]) {
      it(`reads poses N×${width} (${method === 0 ? 'stored' : 'deflated'}), keeps 22 joints and turns Z up into Y up`, () => {
        const r = importAmassNpz(npzBytes(members({}, width), method), 'walk');
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const { clip } = r;
        expect(clip).toMatchObject({ name: 'walk', format: 'amass-npz', fps: 120, frameCount: N, warnings: [] });
        expect(clip.poses.length).toBe(N * 66);
        const { poses, trans } = amassArrays(width);
        // Body joints 1..21 unchanged.
        for (let f = 0; f < N; f++) for (let k = 3; k < 66; k++) expect(clip.poses[f * 66 + k]).toBeCloseTo(poses[f * width + k], 6);
        // Standing in Z up → standing in Y up: the global orientation becomes the identity.
        for (let f = 0; f < N; f++) for (let k = 0; k < 3; k++) expect(Math.abs(clip.poses[f * 66 + k])).toBeLessThan(1e-6);
        // The pelvis lands where the −90° turn about X puts it: (x, y, z) → (x, z, −y).
        for (let f = 0; f < N; f++) {
          const p = [0, 1, 2].map((a) => REST_JOINTS[a] + trans[f * 3 + a]);
          const want = [p[0], p[2], -p[1]];
          for (let a = 0; a < 3; a++) expect(REST_JOINTS[a] + clip.trans[f * 3 + a]).toBeCloseTo(want[a], 5);
        }
        // Upright: head above pelvis.
        const jp = jointPositions(clip.poses.subarray(0, 66), 1);
        expect(jp[15 * 3 + 1] - jp[1]).toBeGreaterThan(0.5);
      });
    }
  }

  it('turns a whole-body orientation by −90° about X (checked on a general rotation)', () => {
    const aa = [0.3, -1.1, 0.4];
    const m = members({ poses: { values: Array.from({ length: N * 72 }, (_, i) => (i % 72 < 3 ? aa[i % 72] : 0)), shape: [N, 72] } }, 72);
    const r = importAmassNpz(npzBytes(m), 'x');
    if (!r.ok) throw new Error(r.error.message);
    const before = axisAngleToMatrix(aa);
    const after = axisAngleToMatrix(r.clip.poses.subarray(0, 3));
    // Rx(−90°) rows: (1,0,0), (0,0,1), (0,−1,0).
    const rows = [[1, 0, 0], [0, 0, 1], [0, -1, 0]];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(after[i * 3 + j]).toBeCloseTo(rows[i][0] * before[j] + rows[i][1] * before[3 + j] + rows[i][2] * before[6 + j], 5);
  });

  it('handles float32 and Fortran-ordered poses, and notes betas and a missing frame rate', () => {
    const { poses } = amassArrays(156);
    const fortran: number[] = [];
    for (let c = 0; c < 156; c++) for (let f = 0; f < N; f++) fortran.push(poses[f * 156 + c]);
    const r = importAmassNpz(
      npzBytes([
        { name: 'poses', descr: '<f4', shape: [N, 156], values: fortran, fortran: true },
        { name: 'trans', descr: '<f4', shape: [N, 3], values: new Array(N * 3).fill(0) },
        { name: 'betas', descr: '<f4', shape: [10], values: [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      ]),
      'f',
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.clip.poses[66 + 3]).toBeCloseTo(poses[156 + 3], 6);
    expect(r.clip.fps).toBe(60);
    expect(r.clip.warnings.join(' ')).toMatch(/mocap_framerate/);
    expect(r.clip.warnings.join(' ')).toMatch(/betas/);
  });

  it('refuses malformed archives with clear messages', () => {
    expectRefused(new TextEncoder().encode('not a zip at all, just some text'), 'bad_format', /not a zip archive/);
    expectRefused(new Uint8Array(0), 'empty', /empty/);
    expectRefused(npzBytes(members({ poses: null })), 'bad_format', /no "poses" array.*trans, betas, mocap_framerate/);
    expectRefused(npzBytes(members({ poses: { shape: [N, 10], values: new Array(N * 10).fill(0) } })), 'bad_format', /"poses" has shape \(3, 10\)/);
    expectRefused(npzBytes(members({ trans: { shape: [N, 2], values: new Array(N * 2).fill(0) } })), 'bad_format', /"trans" has shape \(3, 2\)/);
    expectRefused(npzBytes(members({ trans: { shape: [N - 1, 3], values: new Array((N - 1) * 3).fill(0) } })), 'bad_format', /"trans" has 2 frames, "poses" has 3/);
    const nan = amassArrays().poses;
    nan[156 + 40] = NaN;
    expectRefused(npzBytes(members({ poses: { values: nan } })), 'bad_format', /NaN or infinite value at frame 2/);
    expectRefused(npzBytes(members({ poses: { descr: '<U4', rawData: new Uint8Array(N * 156 * 16) } })), 'unsupported', /dtype <U4/);
    expectRefused(npzBytes(members({ poses: { shape: [0, 156], values: [] } })), 'empty', /no frames/);
    expectRefused(npzBytes(members({ mocap_framerate: { values: [-5] } })), 'bad_format', /one positive number/);
  });
});

describe('importMotionFile', () => {
  it('dispatches by extension, then by content, and refuses the rest', () => {
    const npz = npzBytes(members());
    expect(importMotionFile('dir/walk.npz', npz)).toMatchObject({ ok: true, clip: { name: 'walk', format: 'amass-npz' } });
    expect(importMotionFile('no-extension', npz)).toMatchObject({ ok: true, clip: { format: 'amass-npz' } });
    const bvh = new TextEncoder().encode('HIERARCHY\nROOT Hips\n{\nOFFSET 0 0 0\n');
    const r = importMotionFile('C:\\clips\\broken.BVH', bvh);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.line).toBe(4);
    expect(importMotionFile('sniffed.txt', bvh)).toMatchObject({ ok: false, error: { code: 'bad_format' } });
    expect(importMotionFile('pose.json', new TextEncoder().encode('{"a":1}'))).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(importMotionFile('empty.bvh', new Uint8Array(0))).toMatchObject({ ok: false, error: { code: 'empty' } });
  });
});

// numpy's own writer (np.savez / np.savez_compressed, ZIP64 members) when the system Python has numpy.
const PY = '/usr/bin/python3';
function hasNumpy(): boolean {
  if (!existsSync(PY)) return false;
  try {
    execFileSync(PY, ['-c', 'import numpy'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}
const HAVE_NUMPY = hasNumpy();
if (!HAVE_NUMPY) console.warn('[import amass] /usr/bin/python3 with numpy is absent: the numpy-written .npz test is skipped');

describe.skipIf(!HAVE_NUMPY)('importAmassNpz on files numpy wrote', () => {
  it('reads np.savez and np.savez_compressed archives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amass-npz-'));
    try {
      const script = `
import numpy as np, json, sys
n = 4
poses = (np.arange(n * 156).reshape(n, 156) % 17 - 8).astype(np.float32) * 0.05
trans = np.array([[0.1, 0.2, 0.9]] * n, dtype=np.float64)
np.savez(sys.argv[1] + '/a.npz', poses=poses, trans=trans, betas=np.zeros(16), mocap_framerate=np.array(100.0), gender=np.array('neutral'))
np.savez_compressed(sys.argv[1] + '/b.npz', poses=np.asfortranarray(poses.astype(np.float64)), trans=trans, mocap_framerate=np.array(50))
print(json.dumps(poses[:, 3:66].ravel().tolist()))
`;
      const expected = JSON.parse(execFileSync(PY, ['-c', script, dir], { encoding: 'utf8', timeout: 60_000 })) as number[];
      for (const [file, fps] of [['a.npz', 100], ['b.npz', 50]] as const) {
        const r = importMotionFile(file, new Uint8Array(readFileSync(join(dir, file))));
        if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
        expect(r.clip.frameCount).toBe(4);
        expect(r.clip.fps).toBe(fps);
        for (let f = 0; f < 4; f++) for (let k = 0; k < 63; k++) expect(r.clip.poses[f * 66 + 3 + k]).toBeCloseTo(expected[f * 63 + k], 6);
        // Z up (0.1, 0.2, 0.9) → pelvis at Rx(−90°)·(J0 + t).
        expect(REST_JOINTS[1] + r.clip.trans[1]).toBeCloseTo(REST_JOINTS[2] + 0.9, 5);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
