import { mirrorPose, setJointAngles, zeroPose } from '@shared/body';
import { createStore } from './createStore';

/** The Pose lab's document: one editable pose, its undo history and the session it belongs to. */
export interface PoseLabState {
  /** 72 axis-angle values; replaced, never mutated, so React sees every change. */
  pose: Float32Array;
  selectedJoint: number;
  undo: Float32Array[];
  redo: Float32Array[];
  /** True while a slider drag is in progress: the whole drag is one undo step. */
  gestureOpen: boolean;
  session: { id: string; name: string } | null;
  /** The pose as last saved to (or loaded from) the session, for the dirty flag and the comparison ghost. */
  savedPose: Float32Array | null;
  /** The video frame this document was opened from: the Pose lab offers to write the pose back as its correction. */
  videoFrame: VideoFrameOrigin | null;
}

export interface VideoFrameOrigin {
  videoId: string;
  frame: number;
  /** How the user knows the frame, e.g. "walk.mp4 #12". */
  label: string;
}

const UNDO_LIMIT = 200;
export const DEFAULT_JOINT = 16; // left shoulder: arms are what people pose first

export function initialPoseLabState(): PoseLabState {
  return {
    pose: zeroPose(),
    selectedJoint: DEFAULT_JOINT,
    undo: [],
    redo: [],
    gestureOpen: false,
    session: null,
    savedPose: null,
    videoFrame: null,
  };
}

export type PoseLabStore = ReturnType<typeof createPoseLabStore>;

export function posesEqual(a: ArrayLike<number> | null, b: ArrayLike<number> | null, eps = 1e-6): boolean {
  if (!a || !b) return a === b;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (Math.abs((a[i] ?? 0) - (b[i] ?? 0)) > eps) return false;
  return true;
}

export function createPoseLabStore(initial: PoseLabState = initialPoseLabState()) {
  const store = createStore(initial);

  /** Replace the pose as one undoable step; inside an open gesture only the first change records one. */
  function commit(next: Float32Array, continuing = false) {
    store.set((s) =>
      continuing
        ? { pose: next, redo: [] }
        : { pose: next, undo: [...s.undo, s.pose].slice(-UNDO_LIMIT), redo: [] },
    );
  }

  return {
    ...store,
    selectJoint(joint: number) {
      store.set({ selectedJoint: joint });
    },
    /** Set a joint's angles (degrees, joint-angle frame). Pass gesture=true while a slider is being dragged. */
    setJointAngles(joint: number, angles: [number, number, number], gesture = false) {
      const continuing = gesture && store.get().gestureOpen;
      const next = Float32Array.from(store.get().pose);
      setJointAngles(next, joint, angles);
      commit(next, continuing);
      if (gesture && !continuing) store.set({ gestureOpen: true });
    },
    endGesture() {
      store.set({ gestureOpen: false });
    },
    resetJoint(joint: number) {
      const next = Float32Array.from(store.get().pose);
      next[joint * 3] = next[joint * 3 + 1] = next[joint * 3 + 2] = 0;
      commit(next);
    },
    resetPose() {
      commit(zeroPose());
    },
    mirror() {
      commit(mirrorPose(Float32Array.from(store.get().pose)));
    },
    setPose(pose: ArrayLike<number>) {
      const next = new Float32Array(72);
      for (let i = 0; i < Math.min(72, pose.length); i++) next[i] = pose[i];
      commit(next);
    },
    undo() {
      const s = store.get();
      if (!s.undo.length) return;
      store.set({
        pose: s.undo[s.undo.length - 1],
        undo: s.undo.slice(0, -1),
        redo: [...s.redo, s.pose],
        gestureOpen: false,
      });
    },
    redo() {
      const s = store.get();
      if (!s.redo.length) return;
      store.set({ pose: s.redo[s.redo.length - 1], redo: s.redo.slice(0, -1), undo: [...s.undo, s.pose] });
    },
    /** Open a stored session: its pose becomes the document, with a fresh history (and the video frame it came from, if any). */
    loadSession(session: { id: string; name: string; pose: number[] | null }, videoFrame: VideoFrameOrigin | null = null) {
      const pose = new Float32Array(72);
      if (session.pose) for (let i = 0; i < Math.min(72, session.pose.length); i++) pose[i] = session.pose[i];
      store.set({
        pose,
        savedPose: pose,
        undo: [],
        redo: [],
        gestureOpen: false,
        session: { id: session.id, name: session.name },
        videoFrame,
      });
    },
    /** The user is done with the video frame (written back, or dismissed). */
    clearVideoFrame() {
      store.set({ videoFrame: null });
    },
    markSaved(session: { id: string; name: string }, pose: Float32Array) {
      store.set({ session: { id: session.id, name: session.name }, savedPose: pose });
    },
    /** The session was deleted elsewhere: keep the pose, but as an unsaved document. */
    detachSession(sessionId: string) {
      if (store.get().session?.id === sessionId) store.set({ session: null, savedPose: null });
    },
    /** Start a new, unsaved pose document. */
    newDocument() {
      store.set(initialPoseLabState());
    },
    isDirty(s: PoseLabState = store.get()): boolean {
      return s.savedPose ? !posesEqual(s.pose, s.savedPose) : !posesEqual(s.pose, zeroPose());
    },
  };
}

/** The Pose lab document lives for the whole app session, so switching pages keeps unsaved edits. */
export const poseLab = createPoseLabStore();
