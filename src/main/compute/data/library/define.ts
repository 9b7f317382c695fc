import { jointIndex, setJointAngles } from '../../../../shared/body';
import type { LibraryPose, PoseCategory } from '../types';

/** Standard joint angles in degrees, [x, y, z], as setJointAngles takes them. */
export type Angles = readonly [number, number, number];

/** Limb joints named without their side: the same numbers mean the same anatomical motion on either side. */
export type LimbJoint = 'hip' | 'knee' | 'ankle' | 'foot' | 'collar' | 'shoulder' | 'elbow' | 'wrist';
export type CentreJoint = 'spine1' | 'spine2' | 'spine3' | 'neck' | 'head';

export type LimbAngles = Partial<Record<LimbJoint, Angles>>;

export interface LibraryPoseSpec {
  id: string;
  name: string;
  category: PoseCategory;
  tags: string[];
  synonyms?: string[];
  actions: string[];
  /**
   * Left-limb angles, in the left joints' own standard-joint-angle frames. Read with AXIS_MOTIONS:
   * hip [lift (−forward), spread (+out), twist (+inward)], knee [bend (+), 0, 0], ankle [flex (−up), toes (+out), roll],
   * collar/shoulder [raise (−up, +down), swing (−forward), twist (−outward)], elbow [0, bend (−), 0], wrist [flex, swing, twist].
   */
  left?: LimbAngles;
  /**
   * Right-limb angles written in the LEFT side's convention (so a number means the same anatomical motion on
   * both sides); the helper mirrors them into the right joints' frames (x kept, y and z negated).
   */
  right?: LimbAngles;
  /** Angles for both sides at once (left convention); `left` / `right` entries override them joint by joint. */
  both?: LimbAngles;
  /** Midline joints: [bend (+forward), lean (+left), turn (+left)]. */
  centre?: Partial<Record<CentreJoint, Angles>>;
  /**
   * Pelvis global orientation as XYZ Euler degrees (identity frame): x tips the body forward (+) or back (−),
   * y turns it to its left (+), z leans it to its right (+). −90 on x lies the body on its back.
   */
  root?: Angles;
}

/**
 * Under left↔right mirroring a right joint's standard joint angles are the left joint's with y and z negated
 * (the frames of paired joints are reflections of each other; checked against mirrorPose in the tests).
 */
export function mirrorAngles(a: Angles): Angles {
  return [a[0], -a[1] || 0, -a[2] || 0];
}

function setJoint(pose: Float32Array, name: string, a: Angles): void {
  const j = jointIndex(name);
  if (j < 0) throw new Error(`unknown joint ${name}`);
  setJointAngles(pose, j, a);
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Builds one library pose from degrees per joint; everything not named stays at the rest (T-) pose. */
export function defineLibraryPose(spec: LibraryPoseSpec): LibraryPose {
  if (!KEBAB.test(spec.id)) throw new Error(`pose id '${spec.id}' is not kebab-case`);
  const pose = new Float32Array(66);
  if (spec.root) setJoint(pose, 'pelvis', spec.root);
  for (const [name, a] of Object.entries(spec.centre ?? {})) setJoint(pose, name, a);
  const left: LimbAngles = { ...spec.both, ...spec.left };
  const right: LimbAngles = { ...spec.both, ...spec.right };
  for (const [name, a] of Object.entries(left)) setJoint(pose, `left_${name}`, a);
  for (const [name, a] of Object.entries(right)) setJoint(pose, `right_${name}`, mirrorAngles(a));
  return {
    id: spec.id,
    name: spec.name,
    category: spec.category,
    tags: spec.tags.map((t) => t.toLowerCase()),
    synonyms: spec.synonyms ?? [],
    actions: spec.actions,
    pose,
  };
}
