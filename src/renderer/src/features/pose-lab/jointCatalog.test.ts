import { describe, expect, it } from 'vitest';
import { setJointAngles, zeroPose } from '@shared/body';
import { axisRanges, EDITABLE_JOINTS, JOINT_GROUPS, jointLabel, limitReport } from './jointCatalog';

describe('joint catalog', () => {
  it('groups every editable joint exactly once', () => {
    const grouped = JOINT_GROUPS.flatMap((g) => g.joints).sort((a, b) => a - b);
    expect(grouped).toEqual(EDITABLE_JOINTS);
  });

  it('labels joints for people', () => {
    expect(jointLabel(16)).toBe('Left shoulder');
    expect(jointLabel(0)).toBe('Pelvis (root)');
    expect(jointLabel(3)).toBe('Lower spine');
  });

  it('bounds sliders by the joint limits, locking zero-width axes, unless beyond-limits is on', () => {
    const knee = axisRanges(4, false);
    expect(knee[0]).toMatchObject({ min: 0, max: 150, locked: false });
    expect(knee[1].locked).toBe(true);
    expect(axisRanges(4, true)[1]).toMatchObject({ min: -90, max: 90, locked: false });
    const pelvis = axisRanges(0, false);
    expect(pelvis.map((r) => [r.min, r.max])).toEqual([
      [-180, 180],
      [-90, 90],
      [-180, 180],
    ]);
    expect(pelvis[0].limit).toBeNull();
  });

  it('reports joints outside their limits', () => {
    const pose = zeroPose();
    expect(limitReport(pose).violations).toHaveLength(0);
    setJointAngles(pose, 4, [-30, 0, 0]); // a knee bent backwards
    const r = limitReport(pose);
    expect(r.perJoint[4]).toBeCloseTo(30, 2);
    expect(r.violations[0]).toMatchObject({ joint: 4, label: 'Left knee', axis: 'x' });
  });
});
