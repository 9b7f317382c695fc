import { JOINT_NAMES, NUM_BODY_JOINTS, REST_JOINTS, axisAngleToMatrix, matMul3, matrixToAxisAngle } from '../../../../shared/body';
import type { ImportResult, MotionClip } from '../types';
import { NpzError, type NpyArray, openNpz } from './npz';

/**
 * AMASS-style motion (.npz with `poses` N×156 SMPL+H, N×72 SMPL, N×165 SMPL-X or N×66, `trans` N×3,
 * `betas`, `mocap_framerate`): the first 22 joints' axis-angle are SMPL's body pose as is. AMASS is Z up;
 * the body model is Y up, so the whole body is turned −90° about X: the global orientation becomes Rx·R and
 * the translation is moved so the pelvis lands where Rx puts it (the pelvis sits at REST_JOINTS[0] + trans,
 * not at the origin, so the translation is not simply rotated). Betas are not modelled (the body model is
 * SMPL's neutral template): the clip keeps the motion, not the body shape.
 */

/** Most frames an AMASS clip may have (over 27 min at 120 fps). */
export const AMASS_MAX_FRAMES = 200_000;
const POSE_WIDTHS = [156, 72, 165, 66];
const DEFAULT_FPS = 60;

const RX_MINUS_90 = Float64Array.of(1, 0, 0, 0, 0, 1, 0, -1, 0); // (x, y, z) → (x, z, −y)

function check2d(a: NpyArray, name: string, widths: number[]): void {
  if (a.shape.length !== 2 || !widths.includes(a.shape[1])) {
    throw new NpzError('bad_format', `"${name}" has shape (${a.shape.join(', ')}); expected (frames, ${widths.join(' or ')})`);
  }
}

function firstNonFinite(data: Float64Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

/** Reads an AMASS-style .npz into a MotionClip. Never throws. */
export function importAmass(bytes: Uint8Array, name: string): ImportResult {
  try {
    return { ok: true, clip: readAmass(bytes, name) };
  } catch (e) {
    if (e instanceof NpzError) return { ok: false, error: { code: e.code, message: e.message } };
    return { ok: false, error: { code: 'bad_format', message: `could not read the .npz file: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

function readAmass(bytes: Uint8Array, name: string): MotionClip {
  if (bytes.length === 0) throw new NpzError('empty', 'the file is empty');
  const npz = openNpz(bytes);
  if (!npz.names.includes('poses')) {
    throw new NpzError('bad_format', `no "poses" array in the archive (it has: ${npz.names.join(', ') || 'nothing'}); an AMASS file has poses, trans, betas and mocap_framerate`);
  }
  const poses = npz.load('poses');
  check2d(poses, 'poses', POSE_WIDTHS);
  const n = poses.shape[0];
  const width = poses.shape[1];
  if (n === 0) throw new NpzError('empty', '"poses" has no frames');
  if (n > AMASS_MAX_FRAMES) throw new NpzError('too_large', `${n} frames is more than the ${AMASS_MAX_FRAMES} supported`);
  const warnings: string[] = [];

  let trans: NpyArray | null = null;
  if (npz.names.includes('trans')) {
    trans = npz.load('trans');
    check2d(trans, 'trans', [3]);
    if (trans.shape[0] !== n) throw new NpzError('bad_format', `"trans" has ${trans.shape[0]} frames, "poses" has ${n}`);
  } else warnings.push('No "trans" array: the root stays at the origin.');

  let fps = DEFAULT_FPS;
  const rateName = ['mocap_framerate', 'mocap_frame_rate', 'frame_rate', 'fps'].find((k) => npz.names.includes(k));
  if (rateName) {
    const rate = npz.load(rateName);
    if (rate.data.length !== 1 || !(rate.data[0] > 0) || !Number.isFinite(rate.data[0])) {
      throw new NpzError('bad_format', `"${rateName}" must be one positive number, got ${rate.data.length === 1 ? rate.data[0] : `${rate.data.length} values`}`);
    }
    fps = rate.data[0];
  } else warnings.push(`No "mocap_framerate": assumed ${DEFAULT_FPS} fps.`);

  if (npz.names.includes('betas')) {
    const betas = npz.load('betas');
    if (firstNonFinite(betas.data) >= 0) throw new NpzError('bad_format', '"betas" contains NaN or infinite values');
    if (betas.data.some((b) => Math.abs(b) > 1e-3)) warnings.push('Body shape (betas) is not modelled: the motion is shown on the neutral body.');
  }

  const bad = firstNonFinite(poses.data);
  if (bad >= 0) throw new NpzError('bad_format', `"poses" has a NaN or infinite value at frame ${Math.floor(bad / width) + 1}`);
  if (trans) {
    const badT = firstNonFinite(trans.data);
    if (badT >= 0) throw new NpzError('bad_format', `"trans" has a NaN or infinite value at frame ${Math.floor(badT / 3) + 1}`);
  }

  const out = new Float32Array(n * NUM_BODY_JOINTS * 3);
  const outTrans = new Float32Array(n * 3);
  const r = new Float64Array(9);
  const rr = new Float64Array(9);
  const aa = new Float64Array(3);
  const j0 = [REST_JOINTS[0], REST_JOINTS[1], REST_JOINTS[2]];
  for (let f = 0; f < n; f++) {
    const src = f * width;
    const dst = f * NUM_BODY_JOINTS * 3;
    // Hand, finger and face joints beyond the first 22 are dropped: the studio works on the body.
    for (let k = 3; k < NUM_BODY_JOINTS * 3; k++) out[dst + k] = poses.data[src + k];
    axisAngleToMatrix(poses.data, r, src, 0);
    matMul3(RX_MINUS_90, r, rr);
    matrixToAxisAngle(rr, aa);
    out[dst] = aa[0];
    out[dst + 1] = aa[1];
    out[dst + 2] = aa[2];
    // Pelvis at Rx·(J0 + t) afterwards, i.e. t' = Rx·(J0 + t) − J0.
    const t = trans ? [trans.data[f * 3], trans.data[f * 3 + 1], trans.data[f * 3 + 2]] : [0, 0, 0];
    const p = [j0[0] + t[0], j0[1] + t[1], j0[2] + t[2]];
    outTrans[f * 3] = p[0] - j0[0];
    outTrans[f * 3 + 1] = p[2] - j0[1];
    outTrans[f * 3 + 2] = -p[1] - j0[2];
  }
  const jointMap: Record<string, string | null> = {};
  for (let j = 0; j < NUM_BODY_JOINTS; j++) jointMap[JOINT_NAMES[j]] = JOINT_NAMES[j];
  return { name, format: 'amass-npz', fps, frameCount: n, poses: out, trans: outTrans, warnings, jointMap };
}
