import type { Rng } from '../random';

/**
 * A pinhole camera looking at a person given in our body frame (metres, Y up, facing +Z, the person's
 * left at +X). The camera frame is OpenCV's: x to the image's right, y down the image, z forward
 * (away from the camera), so a body point p maps to p_cam = R·p + t and to pixels
 * (fx·x/z + cx, fy·y/z + cy). BlazePose's world landmarks use this same orientation (y down, negative z
 * towards the camera), which is why the world landmarks here are R·(p − hip midpoint).
 */
export interface PinholeCamera {
  width: number;
  height: number;
  /** focal lengths and principal point, pixels */
  fx: number;
  fy: number;
  cx: number;
  cy: number;
  /** body → camera rotation, row-major 3 × 3 */
  rotation: number[];
  /** body → camera translation: p_cam = R·p + t */
  translation: [number, number, number];
  /** camera centre in the body frame */
  position: [number, number, number];
  /** how the camera was placed: yaw around the person (0 = in front, +90 = at the person's left), pitch (+ = above, looking down), roll, all degrees; distance to the aim point, metres */
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  distance: number;
  /** vertical field of view, degrees */
  fovYDeg: number;
}

type Vec3 = [number, number, number];

const DEG = Math.PI / 180;

function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export interface LookAtParams {
  width: number;
  height: number;
  fovYDeg: number;
  /** point the optical axis goes through, body frame */
  target: Vec3;
  distance: number;
  yawDeg: number;
  pitchDeg: number;
  rollDeg?: number;
}

/**
 * A camera `distance` from `target`, placed `yawDeg` around the person (0: in front, on the +Z side;
 * 90: on the person's left, +X; 180: behind) and `pitchDeg` above the target's height, aimed at the
 * target with the image upright (world +Y up the image) apart from `rollDeg`, a turn about the optical axis.
 * The principal point is the image centre, pixels are square.
 */
export function lookAtCamera(p: LookAtParams): PinholeCamera {
  if (!(p.width > 0 && p.height > 0)) throw new RangeError('image size must be positive');
  if (!(p.fovYDeg > 0 && p.fovYDeg < 180)) throw new RangeError('fovYDeg must be in (0, 180)');
  if (!(p.distance > 0)) throw new RangeError('distance must be positive');
  if (Math.abs(p.pitchDeg) >= 89) throw new RangeError('pitch must stay within ±89° (the image up direction is undefined straight above)');
  const yaw = p.yawDeg * DEG;
  const pitch = p.pitchDeg * DEG;
  const roll = (p.rollDeg ?? 0) * DEG;
  const position: Vec3 = [
    p.target[0] + p.distance * Math.sin(yaw) * Math.cos(pitch),
    p.target[1] + p.distance * Math.sin(pitch),
    p.target[2] + p.distance * Math.cos(yaw) * Math.cos(pitch),
  ];
  const forward = normalize([p.target[0] - position[0], p.target[1] - position[1], p.target[2] - position[2]]);
  // right = forward × up, down = forward × right: a right-handed x-right, y-down, z-forward frame.
  const right0 = normalize(cross(forward, [0, 1, 0]));
  const down0 = cross(forward, right0);
  const c = Math.cos(roll);
  const s = Math.sin(roll);
  const right: Vec3 = [c * right0[0] + s * down0[0], c * right0[1] + s * down0[1], c * right0[2] + s * down0[2]];
  const down: Vec3 = [c * down0[0] - s * right0[0], c * down0[1] - s * right0[1], c * down0[2] - s * right0[2]];
  const rotation = [...right, ...down, ...forward];
  const translation: Vec3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) translation[r] = -(rotation[r * 3] * position[0] + rotation[r * 3 + 1] * position[1] + rotation[r * 3 + 2] * position[2]);
  const f = p.height / 2 / Math.tan((p.fovYDeg * DEG) / 2);
  return {
    width: p.width,
    height: p.height,
    fx: f,
    fy: f,
    cx: p.width / 2,
    cy: p.height / 2,
    rotation,
    translation,
    position,
    yawDeg: p.yawDeg,
    pitchDeg: p.pitchDeg,
    rollDeg: p.rollDeg ?? 0,
    distance: p.distance,
    fovYDeg: p.fovYDeg,
  };
}

/** Body-frame points (n × 3) into the camera frame (n × 3, x right, y down, z forward). */
export function toCameraFrame(cam: PinholeCamera, points: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = Math.floor(points.length / 3);
  const o = out ?? new Float64Array(n * 3);
  const R = cam.rotation;
  const t = cam.translation;
  for (let i = 0; i < n; i++) {
    const x = points[i * 3], y = points[i * 3 + 1], z = points[i * 3 + 2];
    for (let r = 0; r < 3; r++) o[i * 3 + r] = R[r * 3] * x + R[r * 3 + 1] * y + R[r * 3 + 2] * z + t[r];
  }
  return o;
}

/**
 * Camera-frame points (n × 3) to BlazePose-style image landmarks (n × 3): x, y in pixels and z, the
 * depth relative to `refDepth` (the hip midpoint's camera depth) in the same pixel scale as x
 * (f · Δz / refDepth, the weak-perspective scale at the hips), smaller = nearer the camera.
 * Points at or behind the camera plane get NaN pixels.
 */
export function projectCameraPoints(cam: PinholeCamera, camPoints: ArrayLike<number>, refDepth: number, out?: Float32Array): Float32Array {
  const n = Math.floor(camPoints.length / 3);
  const o = out ?? new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const x = camPoints[i * 3], y = camPoints[i * 3 + 1], z = camPoints[i * 3 + 2];
    if (z <= 1e-6) {
      o[i * 3] = NaN;
      o[i * 3 + 1] = NaN;
    } else {
      o[i * 3] = (cam.fx * x) / z + cam.cx;
      o[i * 3 + 1] = (cam.fy * y) / z + cam.cy;
    }
    o[i * 3 + 2] = (cam.fx * (z - refDepth)) / refDepth;
  }
  return o;
}

/** Image sizes (width × height) the sampler picks from: photo, portrait, video and square frames. */
export const DEFAULT_IMAGE_SIZES: readonly (readonly [number, number])[] = Object.freeze([
  [1000, 667],
  [667, 1000],
  [640, 480],
  [480, 640],
  [1280, 720],
  [720, 1280],
  [512, 512],
  [1080, 1080],
] as const);

export interface CameraSampling {
  /** image sizes to pick from, [width, height] */
  imageSizes?: readonly (readonly [number, number])[];
  /** vertical field of view range, degrees (default 40–70, phone and webcam lenses) */
  fovYDeg?: readonly [number, number];
  /** yaw range around the person, degrees (default a full circle) */
  yawDeg?: readonly [number, number];
  /** standard deviation of the camera's elevation, degrees (default 10; clamped to ±35) */
  pitchSdDeg?: number;
  /** standard deviation of the roll, degrees (default 3) */
  rollSdDeg?: number;
  /** fraction of the image's shorter side the person's extent fills (default 0.45–0.9) */
  fill?: readonly [number, number];
  /** aim-point jitter as a fraction of the person's radius (default 0.15): the person is not always centred */
  centerJitter?: number;
}

/**
 * A random camera framing the given body-frame points (any n × 3, e.g. the 33 landmarks): random image
 * size, field of view, yaw around the person, small pitch and roll, distance chosen so the person fills
 * a random fraction of the image, aim point jittered off the person's centre. Draw order is fixed.
 */
export function sampleCamera(rng: Rng, points: ArrayLike<number>, opts: CameraSampling = {}): PinholeCamera {
  const n = Math.floor(points.length / 3);
  if (n < 1) throw new RangeError('need at least one point to frame');
  const sizes = opts.imageSizes ?? DEFAULT_IMAGE_SIZES;
  const [width, height] = rng.pick(sizes);
  const fovRange = opts.fovYDeg ?? [40, 70];
  const fovYDeg = rng.uniform(fovRange[0], fovRange[1]);
  const yawRange = opts.yawDeg ?? [-180, 180];
  const yawDeg = rng.uniform(yawRange[0], yawRange[1]);
  const pitchDeg = Math.max(-35, Math.min(35, rng.normal() * (opts.pitchSdDeg ?? 10)));
  const rollDeg = rng.normal() * (opts.rollSdDeg ?? 3);
  const fillRange = opts.fill ?? [0.45, 0.9];
  const fill = rng.uniform(fillRange[0], fillRange[1]);

  // Centre of the points' bounding box and the radius of the sphere around it that holds them.
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], points[i * 3 + k]);
      hi[k] = Math.max(hi[k], points[i * 3 + k]);
    }
  const centre: Vec3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
  let radius = 0;
  for (let i = 0; i < n; i++)
    radius = Math.max(radius, Math.hypot(points[i * 3] - centre[0], points[i * 3 + 1] - centre[1], points[i * 3 + 2] - centre[2]));
  radius = Math.max(radius, 0.1);
  const jitter = opts.centerJitter ?? 0.15;
  const target: Vec3 = [
    centre[0] + rng.uniform(-jitter, jitter) * radius,
    centre[1] + rng.uniform(-jitter, jitter) * radius,
    centre[2] + rng.uniform(-jitter, jitter) * radius,
  ];
  const f = height / 2 / Math.tan((fovYDeg * DEG) / 2);
  // The sphere's image diameter is ≈ 2·radius·f / distance; make it `fill` of the shorter side,
  // but never put the camera inside the person.
  const distance = Math.max((2 * radius * f) / (fill * Math.min(width, height)), radius + 0.5);
  return lookAtCamera({ width, height, fovYDeg, target, distance, yawDeg, pitchDeg, rollDeg });
}
