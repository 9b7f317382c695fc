import { describe, expect, it } from 'vitest';
import { createPoseLabStore } from '../../stores/poseLab';
import { importedPoseState } from './importPose';

describe('importedPoseState', () => {
  it('opens the pose as an unsaved document and keeps the replaced pose one undo away', () => {
    const lab = createPoseLabStore();
    lab.setJointAngles(16, [30, 0, 0]);
    lab.markSaved({ id: 's1', name: 'Saved one' }, lab.get().pose);
    const before = lab.get().pose;
    const imported = Array.from({ length: 72 }, (_, i) => (i < 66 ? i / 100 : 0));
    lab.set((s) => importedPoseState(s, imported, 200));
    expect(Array.from(lab.get().pose)).toEqual(imported.map(Math.fround));
    expect(lab.get().session).toBe(null);
    expect(lab.get().savedPose).toBe(null);
    expect(lab.isDirty()).toBe(true);
    lab.undo();
    expect(lab.get().pose).toBe(before);
  });

  it('bounds the undo history', () => {
    const lab = createPoseLabStore();
    for (let i = 0; i < 5; i++) lab.set((s) => importedPoseState(s, [i], 3));
    expect(lab.get().undo).toHaveLength(3);
  });
});
