import { JOINT_NAMES, NUM_BODY_JOINTS, NUM_JOINTS, POSE_SIZE_BODY, POSE_SIZE_FULL, jointPositions } from '../body';

/** One row of a pose sequence for the joint-position CSV. */
export interface CsvFrame {
  frame: number;
  timeS: number;
  pose: ArrayLike<number>;
  flagged?: boolean;
}

/**
 * A pose sequence as CSV of forward-kinematics joint positions: one row per frame, `frame,time_s,flagged`, then
 * x, y, z (metres, the studio's body frame: Y up, the rest pelvis where the body model puts it) of the 22 body joints
 * in SMPL order, columns named `<joint>_x`. Numbers are written with 6 decimals (micrometres), which spreadsheets
 * and pandas read back exactly enough for motion analysis. Throws RangeError on a pose of the wrong length or with a
 * non-finite value.
 */
export function jointPositionsCsv(frames: readonly CsvFrame[]): string {
  const joints = JOINT_NAMES.slice(0, NUM_BODY_JOINTS);
  const header = ['frame', 'time_s', 'flagged', ...joints.flatMap((j) => [`${j}_x`, `${j}_y`, `${j}_z`])].join(',');
  const lines = [header];
  const pos = new Float32Array(NUM_JOINTS * 3);
  for (const f of frames) {
    if (f.pose.length !== POSE_SIZE_BODY && f.pose.length !== POSE_SIZE_FULL) {
      throw new RangeError(`frame ${f.frame}: a pose has ${POSE_SIZE_BODY} (or ${POSE_SIZE_FULL}) numbers, got ${f.pose.length}`);
    }
    for (let i = 0; i < POSE_SIZE_BODY; i++) {
      if (!Number.isFinite(f.pose[i])) throw new RangeError(`frame ${f.frame}: pose value ${i} is not a finite number`);
    }
    // The hand joints (22, 23) do not move the body joints, so only the first 22 are written.
    jointPositions(f.pose, 1, pos);
    const cells = [String(f.frame), f.timeS.toFixed(6), f.flagged ? '1' : '0'];
    for (let k = 0; k < NUM_BODY_JOINTS * 3; k++) cells.push(pos[k]!.toFixed(6));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
