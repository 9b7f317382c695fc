/**
 * The 33 BlazePose (GHUM 3D) body landmarks in the model's output order. "Left" and "right" are the
 * person's own sides, as in BlazePose (the golden fixture's left shoulder, 11, sits at +x in its
 * world landmarks for a person facing the camera): in our body frame the person's left is +X.
 */
export const LANDMARK_NAMES: readonly string[] = Object.freeze([
  'nose',
  'left_eye_inner',
  'left_eye',
  'left_eye_outer',
  'right_eye_inner',
  'right_eye',
  'right_eye_outer',
  'left_ear',
  'right_ear',
  'mouth_left',
  'mouth_right',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_pinky',
  'right_pinky',
  'left_index',
  'right_index',
  'left_thumb',
  'right_thumb',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
  'left_heel',
  'right_heel',
  'left_foot_index',
  'right_foot_index',
]);

export const NUM_LANDMARKS = 33;

/** Index of a landmark by name; -1 if there is none. */
export function landmarkIndex(name: string): number {
  return LANDMARK_NAMES.indexOf(name);
}

function sideSwapped(name: string): string {
  if (name.startsWith('left_')) return 'right_' + name.slice(5);
  if (name.startsWith('right_')) return 'left_' + name.slice(6);
  if (name === 'mouth_left') return 'mouth_right';
  if (name === 'mouth_right') return 'mouth_left';
  return name;
}

/** Left ↔ right landmark permutation (nose maps to itself); an involution. */
export const LANDMARK_MIRROR_MAP: readonly number[] = Object.freeze(LANDMARK_NAMES.map((n) => LANDMARK_NAMES.indexOf(sideSwapped(n))));

/** Indices used by geometry code (hips/shoulders define the BlazePose origin and torso scale). */
export const LM = Object.freeze({
  nose: 0,
  leftEar: 7,
  rightEar: 8,
  leftShoulder: 11,
  rightShoulder: 12,
  leftElbow: 13,
  rightElbow: 14,
  leftWrist: 15,
  rightWrist: 16,
  leftHip: 23,
  rightHip: 24,
  leftKnee: 25,
  rightKnee: 26,
  leftAnkle: 27,
  rightAnkle: 28,
});
