import { describe, expect, it } from 'vitest';
import { JOINT_NAMES } from '../../../../../shared/body';
import { type SourceJointRef, mapJointsByName, parseJointName } from './jointNames';

/** Builds a rig from "name<parent" lines (parent by name; first line is the root). */
function rig(spec: string): SourceJointRef[] {
  const out: SourceJointRef[] = [];
  for (const line of spec.trim().split('\n')) {
    const [name, parent] = line.trim().split('<');
    out.push({ name, parent: parent === undefined ? -1 : out.findIndex((j) => j.name === parent) });
  }
  return out;
}

/** SMPL joint name → mapped source name, for the mapped ones. */
function mapped(joints: SourceJointRef[]): Record<string, string> {
  const m = mapJointsByName(joints);
  const out: Record<string, string> = {};
  m.forEach((src, j) => {
    if (src >= 0) out[JOINT_NAMES[j]] = joints[src].name;
  });
  return out;
}

describe('parseJointName', () => {
  const cases: [string, string, string][] = [
    ['LeftUpLeg', 'L', 'upleg'],
    ['mixamorig:RightForeArm', 'R', 'forearm'],
    ['thigh_l', 'L', 'thigh'],
    ['upperleg01.L', 'L', 'upperleg01'],
    ['toe3-1.R', 'R', 'toe31'],
    ['LHipJoint', 'L', 'hipjoint'],
    ['lhand', 'L', 'hand'],
    ['rhand', 'R', 'hand'],
    ['lowerback', '', 'lowerback'],
    ['Bip01 L Calf', 'L', 'calf'],
    ['Bip01 Pelvis', '', 'pelvis'],
    ['L_Thigh', 'L', 'thigh'],
    ['left_knee', 'L', 'knee'],
    ['l_knee', 'L', 'knee'],
    ['HandRight', 'R', 'hand'],
    ['Hips', '', 'hips'],
    ['neck_01', '', 'neck01'],
    ['root', '', 'root'],
  ];
  for (const [name, side, base] of cases) {
    it(`${name} → ${side || 'no side'} ${base}`, () => expect(parseJointName(name)).toEqual({ side, base }));
  }
});

describe('mapJointsByName', () => {
  it('maps a CMU (cgspeed) rig: LeftShoulder is the clavicle, Neck1 the neck, LeftFoot the ankle', () => {
    const j = rig(`Hips
      LHipJoint<Hips
      LeftUpLeg<LHipJoint
      LeftLeg<LeftUpLeg
      LeftFoot<LeftLeg
      LeftToeBase<LeftFoot
      RHipJoint<Hips
      RightUpLeg<RHipJoint
      RightLeg<RightUpLeg
      RightFoot<RightLeg
      RightToeBase<RightFoot
      LowerBack<Hips
      Spine<LowerBack
      Spine1<Spine
      Neck<Spine1
      Neck1<Neck
      Head<Neck1
      LeftShoulder<Spine1
      LeftArm<LeftShoulder
      LeftForeArm<LeftArm
      LeftHand<LeftForeArm
      LeftFingerBase<LeftHand
      RightShoulder<Spine1
      RightArm<RightShoulder
      RightForeArm<RightArm
      RightHand<RightForeArm`);
    const m = mapped(j);
    expect(m).toMatchObject({
      pelvis: 'Hips',
      left_hip: 'LeftUpLeg',
      left_knee: 'LeftLeg',
      left_ankle: 'LeftFoot',
      left_foot: 'LeftToeBase',
      right_foot: 'RightToeBase',
      neck: 'Neck1',
      head: 'Head',
      left_collar: 'LeftShoulder',
      left_shoulder: 'LeftArm',
      left_elbow: 'LeftForeArm',
      left_wrist: 'LeftHand',
      left_hand: 'LeftFingerBase',
      right_collar: 'RightShoulder',
      right_shoulder: 'RightArm',
      right_wrist: 'RightHand',
    });
    expect(m.right_hand).toBeUndefined();
    // Spine joints are placed along the chain, never by name.
    expect(m.spine1).toBeUndefined();
  });

  it('maps the older CMU export (LeftCollar → LeftShoulder → LeftElbow, LeftHip is the femur)', () => {
    const j = rig(`Hips
      LHipJoint<Hips
      LeftHip<LHipJoint
      LeftKnee<LeftHip
      LeftAnkle<LeftKnee
      LeftToe<LeftAnkle
      lowerback<Hips
      Chest<lowerback
      lowerneck<Chest
      Neck<lowerneck
      Head<Neck
      LeftCollar<Chest
      LeftShoulder<LeftCollar
      LeftElbow<LeftShoulder
      LeftWrist<LeftElbow
      lhand<LeftWrist`);
    expect(mapped(j)).toMatchObject({
      left_hip: 'LeftHip',
      left_knee: 'LeftKnee',
      left_ankle: 'LeftAnkle',
      left_foot: 'LeftToe',
      neck: 'Neck',
      left_collar: 'LeftCollar',
      left_shoulder: 'LeftShoulder',
      left_elbow: 'LeftElbow',
      left_wrist: 'LeftWrist',
      left_hand: 'lhand',
    });
  });

  it('maps Mixamo, MakeHuman, Unreal and SMPL-named rigs', () => {
    const mixamo = rig(`mixamorig:Hips
      mixamorig:LeftUpLeg<mixamorig:Hips
      mixamorig:LeftLeg<mixamorig:LeftUpLeg
      mixamorig:LeftFoot<mixamorig:LeftLeg
      mixamorig:Spine<mixamorig:Hips
      mixamorig:Neck<mixamorig:Spine
      mixamorig:Head<mixamorig:Neck
      mixamorig:LeftShoulder<mixamorig:Spine
      mixamorig:LeftArm<mixamorig:LeftShoulder
      mixamorig:LeftForeArm<mixamorig:LeftArm
      mixamorig:LeftHand<mixamorig:LeftForeArm
      mixamorig:LeftHandMiddle1<mixamorig:LeftHand`);
    expect(mapped(mixamo)).toMatchObject({
      pelvis: 'mixamorig:Hips',
      left_hip: 'mixamorig:LeftUpLeg',
      left_knee: 'mixamorig:LeftLeg',
      left_ankle: 'mixamorig:LeftFoot',
      neck: 'mixamorig:Neck',
      left_collar: 'mixamorig:LeftShoulder',
      left_shoulder: 'mixamorig:LeftArm',
      left_hand: 'mixamorig:LeftHandMiddle1',
    });

    const makehuman = rig(`root
      pelvis.L<root
      upperleg01.L<pelvis.L
      upperleg02.L<upperleg01.L
      lowerleg01.L<upperleg02.L
      lowerleg02.L<lowerleg01.L
      foot.L<lowerleg02.L
      toe1-1.L<foot.L
      toe3-1.L<foot.L
      spine05<root
      spine01<spine05
      neck01<spine01
      neck02<neck01
      head<neck02
      clavicle.L<spine01
      shoulder01.L<clavicle.L
      upperarm01.L<shoulder01.L
      upperarm02.L<upperarm01.L
      lowerarm01.L<upperarm02.L
      wrist.L<lowerarm01.L
      metacarpal2.L<wrist.L
      finger3-1.L<metacarpal2.L`);
    expect(mapped(makehuman)).toMatchObject({
      pelvis: 'root',
      left_hip: 'upperleg01.L',
      left_knee: 'lowerleg01.L',
      left_ankle: 'foot.L',
      left_foot: 'toe3-1.L',
      neck: 'neck02',
      head: 'head',
      left_collar: 'clavicle.L',
      left_shoulder: 'upperarm01.L',
      left_elbow: 'lowerarm01.L',
      left_wrist: 'wrist.L',
      left_hand: 'finger3-1.L',
    });

    const unreal = rig(`pelvis
      thigh_l<pelvis
      calf_l<thigh_l
      foot_l<calf_l
      ball_l<foot_l
      spine_01<pelvis
      neck_01<spine_01
      head<neck_01
      clavicle_l<spine_01
      upperarm_l<clavicle_l
      lowerarm_l<upperarm_l
      hand_l<lowerarm_l`);
    expect(mapped(unreal)).toMatchObject({ left_hip: 'thigh_l', left_knee: 'calf_l', left_ankle: 'foot_l', left_foot: 'ball_l', neck: 'neck_01', left_shoulder: 'upperarm_l', left_wrist: 'hand_l' });

    // SMPL's own names: "left_foot" is the ball of the foot, not the ankle.
    const smpl = rig(JOINT_NAMES.map((n, i) => (i === 0 ? n : `${n}<${JOINT_NAMES[[-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 20, 21][i]]}`)).join('\n'));
    const m = mapped(smpl);
    for (const n of JOINT_NAMES) if (!n.startsWith('spine')) expect(m[n]).toBe(n);
  });

  it('respects the tree: a knee that is not below its hip is not taken', () => {
    const j = rig(`Hips
      LeftUpLeg<Hips
      LeftLeg<Hips
      Spine<Hips
      Head<Spine`);
    const m = mapped(j);
    expect(m.left_hip).toBe('LeftUpLeg');
    expect(m.left_knee).toBeUndefined();
  });

  it('falls back to the root for the pelvis when no name fits', () => {
    expect(mapped(rig(`Reference\nLeftUpLeg<Reference`)).pelvis).toBe('Reference');
  });
});
