import { NUM_BODY_JOINTS, POSE_SIZE_BODY, POSE_SIZE_FULL, REST_JOINTS, axisAngleToMatrix, matMul3, matrixToAxisAngle } from '../body';
import type { NpyArrayInput } from './npy';
import { encodeNpz } from './npz';
import type { ExportProvenance } from './provenance';

/**
 * One pose as an AMASS-style .npz (one frame), the layout AMASS's SMPL / SMPL+H files and its processed
 * format use, readable with `np.load(path)` (no allow_pickle). Keys, in file order:
 *
 *   poses            float32 (1, L)  L = 72 (SMPL: 24 joints) or 156 (SMPL+H: 52 joints), axis-angle radians;
 *                                    the first 66 are the studio's 22 joints (global orientation + 21 body
 *                                    joints), the rest (SMPL's 2 hand roots / SMPL+H's 30 finger joints) zero
 *   trans            float32 (1, 3)  root translation, metres, Z up
 *   betas            float32 (10,) for 72, (16,) for 156: zeros (SMPL's neutral template, the studio's body)
 *   gender           <U7 ()          'neutral'
 *   mocap_framerate  float64 ()      30
 *   surface_model_type <U ()         'smpl' (72) or 'smplh' (156)
 *   root_orient      float32 (1, 3)  poses[:, :3]   (AMASS's processed format)
 *   pose_body        float32 (1, 63) poses[:, 3:66]
 *   pose_hand        float32 (1, 90) poses[:, 66:156], only in the 156 layout
 *   app, version, name, exported_at   <U ()   provenance (exported_at ISO 8601)
 *   session_id, prompt, model         <U ()   only when known
 *   seed             int64 ()        only when known
 *
 * Frame: AMASS is Z up, the studio's body Y up. Our importer (src/main/compute/data/import/amass.ts)
 * turns an AMASS body −90° about X; the export is its exact inverse: the global orientation becomes
 * Rx(+90°)·R and `trans` is chosen so the pelvis lands at Rx(+90°)·J0 (J0 the rest pelvis), i.e. a
 * re-import gives back the same 66 numbers and zero translation. The global orientation is written
 * canonically (rotation angle ≤ π); body joints are copied as they are.
 */

export type AmassLayout = 72 | 156;

export interface AmassExportMeta {
  provenance: ExportProvenance;
  /** The text the pose was generated from. */
  prompt?: string;
  /** The random seed of the generation (a safe integer). */
  seed?: number;
  /** The model (name or file) that generated the pose. */
  model?: string;
}

/** The frame rate written as `mocap_framerate` (a single pose has none of its own). */
export const AMASS_EXPORT_FRAMERATE = 30;

const RX_PLUS_90 = Float64Array.of(1, 0, 0, 0, 0, -1, 0, 1, 0); // (x, y, z) → (x, −z, y): Y up → Z up

/** `trans` such that the pelvis, at J0 + trans, sits at Rx(+90°)·J0. */
function restTranslation(): [number, number, number] {
  const j = [REST_JOINTS[0], REST_JOINTS[1], REST_JOINTS[2]];
  return [0, -j[2] - j[1], j[1] - j[2]];
}

/**
 * The .npz bytes of one pose (66 numbers, or 72 whose hand joints are ignored). Throws RangeError on a
 * wrong length, a non-finite value, an unknown layout or a seed that is not a safe integer.
 */
export function amassNpz(pose: ArrayLike<number>, layout: AmassLayout, meta: AmassExportMeta): Uint8Array {
  if (layout !== 72 && layout !== 156) throw new RangeError(`layout must be 72 (SMPL) or 156 (SMPL+H), got ${String(layout)}`);
  if (pose.length !== POSE_SIZE_BODY && pose.length !== POSE_SIZE_FULL) {
    throw new RangeError(`a pose has ${POSE_SIZE_BODY} (or ${POSE_SIZE_FULL}) numbers, got ${pose.length}`);
  }
  for (let i = 0; i < POSE_SIZE_BODY; i++) {
    if (!Number.isFinite(pose[i])) throw new RangeError(`pose value ${i} is not a finite number (${pose[i]})`);
  }
  if (meta.seed !== undefined && !Number.isSafeInteger(meta.seed)) throw new RangeError(`seed must be a safe integer, got ${meta.seed}`);

  const poses = new Float32Array(layout);
  for (let i = 3; i < NUM_BODY_JOINTS * 3; i++) poses[i] = pose[i];
  const rootY = axisAngleToMatrix(pose);
  const rootZ = matrixToAxisAngle(matMul3(RX_PLUS_90, rootY));
  poses.set(rootZ, 0);

  const p = meta.provenance;
  const str = (s: string): NpyArrayInput => ({ dtype: '<U', shape: [], data: [s] });
  const arrays: [string, NpyArrayInput][] = [
    ['poses', { dtype: '<f4', shape: [1, layout], data: poses }],
    ['trans', { dtype: '<f4', shape: [1, 3], data: restTranslation() }],
    ['betas', { dtype: '<f4', shape: [layout === 72 ? 10 : 16], data: new Float32Array(layout === 72 ? 10 : 16) }],
    ['gender', str('neutral')],
    ['mocap_framerate', { dtype: '<f8', shape: [], data: [AMASS_EXPORT_FRAMERATE] }],
    ['surface_model_type', str(layout === 72 ? 'smpl' : 'smplh')],
    ['root_orient', { dtype: '<f4', shape: [1, 3], data: poses.subarray(0, 3) }],
    ['pose_body', { dtype: '<f4', shape: [1, 63], data: poses.subarray(3, POSE_SIZE_BODY) }],
  ];
  if (layout === 156) arrays.push(['pose_hand', { dtype: '<f4', shape: [1, 90], data: poses.subarray(POSE_SIZE_BODY) }]);
  arrays.push(['app', str(p.app)], ['version', str(p.version)], ['name', str(p.name)], ['exported_at', str(p.exportedAt)]);
  if (p.sessionId !== undefined) arrays.push(['session_id', str(p.sessionId)]);
  if (meta.prompt !== undefined) arrays.push(['prompt', str(meta.prompt)]);
  if (meta.model !== undefined) arrays.push(['model', str(meta.model)]);
  if (meta.seed !== undefined) arrays.push(['seed', { dtype: '<i8', shape: [], data: [meta.seed] }]);

  const when = new Date(p.exportedAt);
  return encodeNpz(arrays, Number.isFinite(when.getTime()) ? when : undefined);
}
