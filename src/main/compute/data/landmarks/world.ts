import { axisAngleToMatrix, matMul3, matrixToAxisAngle } from '../../../../shared/body';
import type { PinholeCamera } from './camera';
import { LM, NUM_LANDMARKS } from './names';

/**
 * Between our body frame and BlazePose's world-landmark frame. BlazePose's world landmarks are
 * camera-aligned (x to the image's right, y down, negative z towards the camera) with the origin at the
 * hip midpoint. Our frame is Y up, facing +Z. For a camera with body→camera rotation R the world landmark
 * of body point p is R·(p − hips); with no camera the person is taken as seen from straight in front
 * (camera on the +Z side, level), where that reduces to (x, −y, −z) about the hips.
 */
const FRONT = [1, 0, 0, 0, -1, 0, 0, 0, -1];

/** Noise-free BlazePose world landmarks (33 × 3) of body-frame landmarks (33 × 3). */
export function worldLandmarks(body: ArrayLike<number>, camera?: Pick<PinholeCamera, 'rotation'>): Float32Array {
  if (body.length !== NUM_LANDMARKS * 3) throw new RangeError(`need 33 × 3 landmarks, got ${body.length}`);
  const R = camera?.rotation ?? FRONT;
  const hip = [0, 1, 2].map((k) => 0.5 * (body[LM.leftHip * 3 + k] + body[LM.rightHip * 3 + k]));
  const out = new Float32Array(NUM_LANDMARKS * 3);
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const x = body[i * 3] - hip[0], y = body[i * 3 + 1] - hip[1], z = body[i * 3 + 2] - hip[2];
    for (let r = 0; r < 3; r++) out[i * 3 + r] = R[r * 3] * x + R[r * 3 + 1] * y + R[r * 3 + 2] * z;
  }
  return out;
}

/**
 * The pose as the camera sees it, in our own conventions: the global orientation is turned so that the
 * camera becomes the frontal viewer (looking along −Z from the +Z side, level). Its landmarks in our body
 * frame, about the hips, are then the camera's world landmarks with y and z negated, which makes it the
 * target of a landmarks→pose model fed with camera-aligned landmarks. Other joints are copied.
 */
export function poseInCameraView(pose: ArrayLike<number>, camera: Pick<PinholeCamera, 'rotation'>): Float32Array {
  if (pose.length !== 66 && pose.length !== 72) throw new RangeError(`pose must hold 66 or 72 numbers, got ${pose.length}`);
  // View rotation: body frame → "camera as frontal viewer" frame = FRONT⁻¹·R_cam = FRONT·R_cam.
  const view = matMul3(FRONT, camera.rotation);
  const root = matMul3(view, axisAngleToMatrix(pose));
  const out = Float32Array.from(pose);
  const aa = matrixToAxisAngle(root);
  out[0] = aa[0];
  out[1] = aa[1];
  out[2] = aa[2];
  return out;
}
