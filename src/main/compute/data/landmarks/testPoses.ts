import { jointIndex, setJointAngles } from '../../../../shared/body';
import type { Rng } from '../random';

/**
 * Poses for the landmark tests (not shipped data): a relaxed standing pose, random standing variations
 * and the Warrior II of the golden BlazePose fixture. Angles are standard joint angles in degrees (see
 * AXIS_MOTIONS for what each axis does).
 */

/** Standing, arms down at the sides (shoulders lowered 75° from the T-pose), elbows slightly bent. */
export function standingPose(): Float32Array {
  const pose = new Float32Array(66);
  setJointAngles(pose, jointIndex('left_shoulder'), [75, 0, 0]); // Raise: + is down
  setJointAngles(pose, jointIndex('right_shoulder'), [75, 0, 0]);
  setJointAngles(pose, jointIndex('left_elbow'), [0, -10, 0]);
  setJointAngles(pose, jointIndex('right_elbow'), [0, 10, 0]);
  return pose;
}

/** A random upright standing pose: arms anywhere from down to raised, torso, head and legs varied a little. */
export function randomStandingPose(rng: Rng): Float32Array {
  const pose = new Float32Array(66);
  for (const side of ['left', 'right'] as const) {
    const s = side === 'left' ? 1 : -1;
    setJointAngles(pose, jointIndex(`${side}_shoulder`), [rng.uniform(-60, 85), s * rng.uniform(-40, 20), s * rng.uniform(-30, 30)]);
    setJointAngles(pose, jointIndex(`${side}_elbow`), [0, -s * rng.uniform(0, 110), 0]);
    setJointAngles(pose, jointIndex(`${side}_hip`), [rng.uniform(-30, 10), s * rng.uniform(-5, 20), s * rng.uniform(-15, 15)]);
    setJointAngles(pose, jointIndex(`${side}_knee`), [rng.uniform(0, 30), 0, 0]);
    setJointAngles(pose, jointIndex(`${side}_ankle`), [rng.uniform(-10, 15), 0, 0]);
  }
  for (const name of ['spine1', 'spine2', 'spine3'])
    setJointAngles(pose, jointIndex(name), [rng.uniform(-5, 8), rng.uniform(-5, 5), rng.uniform(-10, 10)]);
  setJointAngles(pose, jointIndex('head'), [rng.uniform(-15, 15), rng.uniform(-10, 10), rng.uniform(-40, 40)]);
  return pose;
}

/**
 * Warrior II as in the golden photo: arms out horizontally (the T-pose's arms, swung 12° forward), the
 * right (front) leg spread 74° with the thigh turned out 90° so the knee bends 66° in the frontal plane
 * over a near-vertical shin, the left (back) leg straight and spread 58°, turned out 40° (toes pointing
 * sideways) with the ankle flexed and rolled so the foot lies flat, and the head turned 70° (35° at the neck, 35° at the head)
 * to look over the right hand.
 */
export function warriorTwoPose(): Float32Array {
  const pose = new Float32Array(66);
  setJointAngles(pose, jointIndex('right_hip'), [0, -74, 90]); // Spread − = out; Twist + = outward
  setJointAngles(pose, jointIndex('right_knee'), [66, 0, 0]);
  setJointAngles(pose, jointIndex('left_hip'), [0, 58, -40]); // Spread + = out; Twist − = outward
  setJointAngles(pose, jointIndex('left_ankle'), [25, 0, -20]); // Flex + = down, Roll − = sole in: the slanted leg's foot flat
  setJointAngles(pose, jointIndex('neck'), [0, 0, -35]); // Turn − = to the right
  setJointAngles(pose, jointIndex('head'), [0, 0, -35]);
  setJointAngles(pose, jointIndex('left_shoulder'), [0, -12, 0]); // Swing − = forward
  setJointAngles(pose, jointIndex('right_shoulder'), [0, 12, 0]); // Swing + = forward
  return pose;
}
