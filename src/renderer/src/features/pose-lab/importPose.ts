import type { PoseLabState } from '../../stores/poseLab';

export const UNDO_LIMIT_FOR_IMPORT = 200;

/**
 * The Pose lab state after importing a pose: a new unsaved document (no session, nothing saved to compare
 * with) whose undo history still holds the pose it replaced, so an import never loses work.
 */
export function importedPoseState(s: PoseLabState, pose: ArrayLike<number>, undoLimit: number): Partial<PoseLabState> {
  const next = new Float32Array(72);
  for (let i = 0; i < Math.min(72, pose.length); i++) next[i] = pose[i];
  return {
    pose: next,
    undo: [...s.undo, s.pose].slice(-undoLimit),
    redo: [],
    gestureOpen: false,
    session: null,
    savedPose: null,
    // An imported file is another pose, no longer the video frame's.
    videoFrame: null,
  };
}
