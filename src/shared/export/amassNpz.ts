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
  if (pose.length !== POSE_SIZE_BODY && pose.length !== POSE_SIZE_FULL) {
    throw new RangeError(`a pose has ${POSE_SIZE_BODY} (or ${POSE_SIZE_FULL}) numbers, got ${pose.length}`);
  }
  return amassNpzSequence([pose], layout, { ...meta, framerate: AMASS_EXPORT_FRAMERATE });
}

export interface AmassSequenceMeta extends AmassExportMeta {
  /** Frames per second of the sequence, written as `mocap_framerate`. */
  framerate: number;
  /** Which source frame each pose is (written as `frame_indices`, int64) when the poses skip frames. */
  frameIndices?: readonly number[];
}

/**
 * A pose sequence as an AMASS-style .npz: the same keys as `amassNpz`, with N rows instead of one (poses (N, L),
 * trans (N, 3), root_orient (N, 3), pose_body (N, 63)) and the sequence's own `mocap_framerate`. Each pose is 66
 * numbers (or 72, hands ignored). Throws RangeError as `amassNpz` does, and on an empty sequence, a framerate that
 * is not positive and finite, or `frameIndices` whose length differs from the poses'.
 */
export function amassNpzSequence(sequence: readonly ArrayLike<number>[], layout: AmassLayout, meta: AmassSequenceMeta): Uint8Array {
  if (layout !== 72 && layout !== 156) throw new RangeError(`layout must be 72 (SMPL) or 156 (SMPL+H), got ${String(layout)}`);
  if (sequence.length === 0) throw new RangeError('a sequence needs at least one pose');
  if (!(Number.isFinite(meta.framerate) && meta.framerate > 0)) throw new RangeError(`framerate must be a positive number, got ${meta.framerate}`);
  if (meta.frameIndices && meta.frameIndices.length !== sequence.length) {
    throw new RangeError(`frameIndices has ${meta.frameIndices.length} entries for ${sequence.length} poses`);
  }
  if (meta.seed !== undefined && !Number.isSafeInteger(meta.seed)) throw new RangeError(`seed must be a safe integer, got ${meta.seed}`);
  const n = sequence.length;
  const poses = new Float32Array(n * layout);
  const rootOrient = new Float32Array(n * 3);
  const poseBody = new Float32Array(n * 63);
  const poseHand = new Float32Array(layout === 156 ? n * 90 : 0);
  const trans = new Float32Array(n * 3);
  const rest = restTranslation();
  sequence.forEach((pose, f) => {
    if (pose.length !== POSE_SIZE_BODY && pose.length !== POSE_SIZE_FULL) {
      throw new RangeError(`pose ${f}: a pose has ${POSE_SIZE_BODY} (or ${POSE_SIZE_FULL}) numbers, got ${pose.length}`);
    }
    for (let i = 0; i < POSE_SIZE_BODY; i++) {
      if (!Number.isFinite(pose[i])) throw new RangeError(`pose value ${i} is not a finite number (${pose[i]})`);
    }
    const row = f * layout;
    for (let i = 3; i < NUM_BODY_JOINTS * 3; i++) poses[row + i] = pose[i];
    const rootY = axisAngleToMatrix(pose);
    poses.set(matrixToAxisAngle(matMul3(RX_PLUS_90, rootY)), row);
    rootOrient.set(poses.subarray(row, row + 3), f * 3);
    poseBody.set(poses.subarray(row + 3, row + POSE_SIZE_BODY), f * 63);
    trans.set(rest, f * 3);
  });

  const p = meta.provenance;
  const str = (s: string): NpyArrayInput => ({ dtype: '<U', shape: [], data: [s] });
  const arrays: [string, NpyArrayInput][] = [
    ['poses', { dtype: '<f4', shape: [n, layout], data: poses }],
    ['trans', { dtype: '<f4', shape: [n, 3], data: trans }],
    ['betas', { dtype: '<f4', shape: [layout === 72 ? 10 : 16], data: new Float32Array(layout === 72 ? 10 : 16) }],
    ['gender', str('neutral')],
    ['mocap_framerate', { dtype: '<f8', shape: [], data: [meta.framerate] }],
    ['surface_model_type', str(layout === 72 ? 'smpl' : 'smplh')],
    ['root_orient', { dtype: '<f4', shape: [n, 3], data: rootOrient }],
    ['pose_body', { dtype: '<f4', shape: [n, 63], data: poseBody }],
  ];
  if (layout === 156) arrays.push(['pose_hand', { dtype: '<f4', shape: [n, 90], data: poseHand }]);
  if (meta.frameIndices) arrays.push(['frame_indices', { dtype: '<i8', shape: [n], data: meta.frameIndices }]);
  arrays.push(['app', str(p.app)], ['version', str(p.version)], ['name', str(p.name)], ['exported_at', str(p.exportedAt)]);
  if (p.sessionId !== undefined) arrays.push(['session_id', str(p.sessionId)]);
  if (meta.prompt !== undefined) arrays.push(['prompt', str(meta.prompt)]);
  if (meta.model !== undefined) arrays.push(['model', str(meta.model)]);
  if (meta.seed !== undefined) arrays.push(['seed', { dtype: '<i8', shape: [], data: [meta.seed] }]);

  const when = new Date(p.exportedAt);
  return encodeNpz(arrays, Number.isFinite(when.getTime()) ? when : undefined);
}
