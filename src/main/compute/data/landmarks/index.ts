/**
 * Landmark synthesiser: posed SMPL joints → the 33 BlazePose landmarks, as body-frame points, BlazePose
 * world landmarks and image landmarks under a random pinhole camera (noise, occlusion, visibility), plus
 * the input normalisation of the landmarks→pose model.
 */
export { LANDMARK_NAMES, LANDMARK_MIRROR_MAP, NUM_LANDMARKS, LM, landmarkIndex } from './names';
export { type LandmarkAnchor, LANDMARK_ANCHORS } from './offsets';
export { landmarksFromPose, landmarksFromJoints } from './fromPose';
export {
  type PinholeCamera,
  type LookAtParams,
  type CameraSampling,
  DEFAULT_IMAGE_SIZES,
  lookAtCamera,
  sampleCamera,
  toCameraFrame,
  projectCameraPoints,
} from './camera';
export { type Capsule, OCCLUSION_MARGIN, bodyCapsules, selfOccluded, segmentSegmentDistance2 } from './occlusion';
export { type SynthesizeOptions, type SynthesizedLandmarks, OCCLUSION, synthesizeLandmarks } from './synthesize';
export { type NormalizeOptions, TORSO_SCALE_MULTIPLIER, normalizeImageLandmarks } from './normalize';
export { type SimilarityFit, similarityProcrustes } from './procrustes';
export { worldLandmarks, poseInCameraView } from './world';
