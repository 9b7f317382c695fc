import { REST_JOINTS, forwardKinematics } from '../../../../shared/body';
import type { Rng } from '../random';
import { type CameraSampling, type PinholeCamera, projectCameraPoints, sampleCamera, toCameraFrame } from './camera';
import { landmarksFromJoints } from './fromPose';
import { LM, NUM_LANDMARKS } from './names';
import { bodyCapsules, selfOccluded } from './occlusion';

/** Why a landmark is (not) seen: what drives its visibility and noise. */
export const OCCLUSION = Object.freeze({ visible: 0, self: 1, occluder: 2, outOfFrame: 3 } as const);

export interface SynthesizeOptions extends CameraSampling {
  /** use this camera instead of sampling one (its image size wins over imageSizes) */
  camera?: PinholeCamera;
  /** pixel noise standard deviation as a fraction of the person's size in the image (default 0.006) */
  pixelNoise?: number;
  /** world-landmark noise standard deviation, metres (default 0.008) */
  worldNoise?: number;
  /** probability that rectangle occluders cover part of the person (default 0.25) */
  occluderProb?: number;
  /** probability that any one landmark is missing from the image landmarks (default 0) */
  missingProb?: number;
  /** rest skeleton (default SMPL neutral) */
  rest?: ArrayLike<number>;
}

export interface SynthesizedLandmarks {
  /** 33 × 3: x, y in pixels, z relative depth (hip midpoint = 0, same scale as x, smaller = nearer); 0 where missing */
  image: Float32Array;
  /** 33 × 3 BlazePose world landmarks: metres, origin at the hip midpoint, camera-aligned axes (x right, y down, z away from the camera) */
  world: Float32Array;
  /** 33 probabilities that the landmark is visible (not occluded, in frame); 0 where missing */
  visibility: Float32Array;
  /** 33 probabilities that the landmark is in the frame at all; 0 where missing */
  presence: Float32Array;
  /** 33 codes from OCCLUSION: the ground truth behind visibility */
  occlusion: Uint8Array;
  /** 33 flags: 1 = dropped from the image landmarks (missingProb) */
  missing: Uint8Array;
  camera: PinholeCamera;
  /** rectangle occluders used, pixels [x0, y0, x1, y1] */
  occluders: [number, number, number, number][];
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

// Visibility logits by occlusion state (mean, sd): visible points score high, points hidden by the body
// lower, points hidden by an object lower still and out-of-frame points lowest, as BlazePose's
// visibility head behaves. Noise scales by the same state: the detector guesses where it cannot see.
const VIS_LOGIT: readonly (readonly [number, number])[] = [
  [3.5, 1.0],
  [-0.5, 1.2],
  [-1.5, 1.0],
  [-3.5, 1.0],
];
const NOISE_SCALE = [1, 2.5, 3, 2];

/**
 * BlazePose-style landmarks of one pose as a random camera sees it: world landmarks in BlazePose's
 * convention, image landmarks under a pinhole camera with Gaussian noise scaled by the person's size,
 * and visibility/presence from self-occlusion (body capsules), rectangle occluders and the image border.
 * Deterministic for a given rng state; draws come from `rng` in a fixed order.
 */
export function synthesizeLandmarks(pose: ArrayLike<number>, rng: Rng, opts: SynthesizeOptions = {}): SynthesizedLandmarks {
  if (pose.length !== 66 && pose.length !== 72) throw new RangeError(`pose must hold 66 or 72 numbers, got ${pose.length}`);
  const fk = forwardKinematics(pose, 1, undefined, opts.rest ?? REST_JOINTS);
  const body = landmarksFromJoints(fk.positions, fk.rotations);
  const camera = opts.camera ?? sampleCamera(rng, body, opts);
  const cam = toCameraFrame(camera, body);

  const hip = [0, 1, 2].map((k) => 0.5 * (cam[LM.leftHip * 3 + k] + cam[LM.rightHip * 3 + k]));
  const image = projectCameraPoints(camera, cam, hip[2]);

  // World landmarks: camera-aligned axes, origin at the hip midpoint.
  const world = new Float32Array(NUM_LANDMARKS * 3);
  for (let i = 0; i < NUM_LANDMARKS * 3; i++) world[i] = cam[i] - hip[i % 3];

  // Occlusion ground truth.
  const occlusion = selfOccluded(body, bodyCapsules(fk.positions, fk.rotations), camera.position);
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const x = image[i * 3], y = image[i * 3 + 1];
    if (!(x >= 0 && x < camera.width && y >= 0 && y < camera.height)) occlusion[i] = OCCLUSION.outOfFrame;
  }
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const x = image[i * 3], y = image[i * 3 + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const personSize = Number.isFinite(x0) ? Math.max(x1 - x0, y1 - y0, 1) : Math.min(camera.width, camera.height);

  const occluders: [number, number, number, number][] = [];
  if (rng.chance(opts.occluderProb ?? 0.25)) {
    const count = 1 + rng.int(2);
    for (let k = 0; k < count; k++) {
      const w = rng.uniform(0.15, 0.45) * personSize;
      const h = rng.uniform(0.15, 0.45) * personSize;
      const cx = rng.uniform(x0, x1);
      const cy = rng.uniform(y0, y1);
      occluders.push([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]);
    }
    for (let i = 0; i < NUM_LANDMARKS; i++) {
      if (occlusion[i] === OCCLUSION.outOfFrame) continue;
      const x = image[i * 3], y = image[i * 3 + 1];
      for (const [a, b, c, d] of occluders)
        if (x >= a && x <= c && y >= b && y <= d) {
          occlusion[i] = OCCLUSION.occluder;
          break;
        }
    }
  }

  const visibility = new Float32Array(NUM_LANDMARKS);
  const presence = new Float32Array(NUM_LANDMARKS);
  const pxSd = (opts.pixelNoise ?? 0.006) * personSize;
  const worldSd = opts.worldNoise ?? 0.008;
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const state = occlusion[i];
    const [mean, sd] = VIS_LOGIT[state];
    visibility[i] = sigmoid(mean + sd * rng.normal());
    presence[i] = sigmoid((state === OCCLUSION.outOfFrame ? -3 : 4) + rng.normal());
    const s = NOISE_SCALE[state];
    image[i * 3] += pxSd * s * rng.normal();
    image[i * 3 + 1] += pxSd * s * rng.normal();
    // BlazePose's relative depth is much less certain than its x, y.
    image[i * 3 + 2] += 3 * pxSd * s * rng.normal();
    for (let k = 0; k < 3; k++) world[i * 3 + k] += worldSd * s * rng.normal();
  }

  const missing = new Uint8Array(NUM_LANDMARKS);
  const missingProb = opts.missingProb ?? 0;
  for (let i = 0; i < NUM_LANDMARKS; i++)
    // A point behind the camera has no pixel (only possible with a caller's camera): it goes missing too.
    if ((missingProb > 0 && rng.chance(missingProb)) || !Number.isFinite(image[i * 3]) || !Number.isFinite(image[i * 3 + 1])) {
        missing[i] = 1;
        image[i * 3] = image[i * 3 + 1] = image[i * 3 + 2] = 0;
        visibility[i] = 0;
        presence[i] = 0;
    }
  return { image, world, visibility, presence, occlusion, missing, camera, occluders };
}
