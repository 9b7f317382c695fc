import { describe, expect, it } from 'vitest';
import { jointAngles, mirrorPose, zeroPose } from '@shared/body';
import { createPoseLabStore, initialPoseLabState, posesEqual } from './poseLab';

describe('pose lab store', () => {
  it('sets joint angles in the joint-angle frame and undoes/redoes them', () => {
    const s = createPoseLabStore(initialPoseLabState());
    s.setJointAngles(18, [0, 45, 0]);
    expect(jointAngles(s.get().pose, 18)[1]).toBeCloseTo(45, 3);
    s.setJointAngles(4, [60, 0, 0]);
    expect(s.get().undo).toHaveLength(2);
    s.undo();
    expect(jointAngles(s.get().pose, 4)[0]).toBeCloseTo(0, 3);
    expect(jointAngles(s.get().pose, 18)[1]).toBeCloseTo(45, 3);
    s.redo();
    expect(jointAngles(s.get().pose, 4)[0]).toBeCloseTo(60, 3);
  });

  it('records a whole slider drag as one undo step', () => {
    const s = createPoseLabStore(initialPoseLabState());
    for (const x of [5, 10, 20, 30]) s.setJointAngles(16, [x, 0, 0], true);
    s.endGesture();
    s.setJointAngles(16, [40, 0, 0], true);
    s.endGesture();
    expect(s.get().undo).toHaveLength(2);
    s.undo();
    expect(jointAngles(s.get().pose, 16)[0]).toBeCloseTo(30, 3);
    s.undo();
    expect(posesEqual(s.get().pose, zeroPose())).toBe(true);
  });

  it('never mutates a pose it has handed out', () => {
    const s = createPoseLabStore(initialPoseLabState());
    const before = s.get().pose;
    s.setJointAngles(1, [30, 0, 0]);
    expect(posesEqual(before, zeroPose())).toBe(true);
    expect(s.get().pose).not.toBe(before);
  });

  it('resets a joint, mirrors and resets the pose, each undoable', () => {
    const s = createPoseLabStore(initialPoseLabState());
    s.setJointAngles(16, [20, 10, 30]);
    s.setJointAngles(4, [50, 0, 0]);
    const posed = s.get().pose;
    s.mirror();
    expect(posesEqual(s.get().pose, mirrorPose(Float32Array.from(posed)))).toBe(true);
    s.undo();
    s.resetJoint(16);
    expect(Array.from(s.get().pose.slice(48, 51))).toEqual([0, 0, 0]);
    expect(jointAngles(s.get().pose, 4)[0]).toBeCloseTo(50, 3);
    s.resetPose();
    expect(posesEqual(s.get().pose, zeroPose())).toBe(true);
    s.undo();
    expect(jointAngles(s.get().pose, 4)[0]).toBeCloseTo(50, 3);
  });

  it('tracks the saved pose of a session for the dirty flag', () => {
    const s = createPoseLabStore(initialPoseLabState());
    expect(s.isDirty()).toBe(false);
    s.setJointAngles(4, [50, 0, 0]);
    expect(s.isDirty()).toBe(true);
    s.markSaved({ id: 'a', name: 'Kneel' }, s.get().pose);
    expect(s.isDirty()).toBe(false);
    const pose66 = Array.from({ length: 66 }, () => 0.1);
    s.loadSession({ id: 'b', name: 'Other', pose: pose66 });
    expect(s.get().session).toEqual({ id: 'b', name: 'Other' });
    expect(s.get().pose.length).toBe(72);
    expect(s.get().pose[65]).toBeCloseTo(0.1);
    expect(s.get().pose[66]).toBe(0);
    expect(s.get().undo).toHaveLength(0);
    expect(s.isDirty()).toBe(false);
  });

  it('keeps the pose but forgets a session deleted elsewhere', () => {
    const s = createPoseLabStore(initialPoseLabState());
    s.loadSession({ id: 'a', name: 'A', pose: Array.from({ length: 72 }, () => 0.2) });
    s.detachSession('other');
    expect(s.get().session?.id).toBe('a');
    s.detachSession('a');
    expect(s.get().session).toBeNull();
    expect(s.get().savedPose).toBeNull();
    expect(s.get().pose[0]).toBeCloseTo(0.2);
  });

  it('remembers the video frame a pose came from until another document replaces it or the user lets it go', () => {
    const s = createPoseLabStore(initialPoseLabState());
    const origin = { videoId: 'v1', frame: 4, label: 'walk.mp4 #5' };
    s.loadSession({ id: 'a', name: 'walk.mp4 #5', pose: null }, origin);
    expect(s.get().videoFrame).toEqual(origin);
    // Editing keeps the link (that is the point of it).
    s.setJointAngles(4, [30, 0, 0]);
    expect(s.get().videoFrame).toEqual(origin);
    s.clearVideoFrame();
    expect(s.get().videoFrame).toBeNull();
    s.loadSession({ id: 'a', name: 'walk.mp4 #5', pose: null }, origin);
    s.loadSession({ id: 'b', name: 'Other', pose: null });
    expect(s.get().videoFrame).toBeNull();
    s.loadSession({ id: 'a', name: 'walk.mp4 #5', pose: null }, origin);
    s.newDocument();
    expect(s.get().videoFrame).toBeNull();
  });
});
