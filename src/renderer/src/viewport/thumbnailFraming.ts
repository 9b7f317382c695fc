import type { Framing } from './layout';
import type { MannequinPart, Vec3 } from './mannequinParts';

export interface Sphere {
  center: Vec3;
  radius: number;
}

/** Spheres that together cover the mannequin's surface: two per limb capsule, one per other part. */
export function partSpheres(parts: readonly MannequinPart[], offset: Vec3 = [0, 0, 0]): Sphere[] {
  const out: Sphere[] = [];
  const at = (p: Vec3): Vec3 => [p[0] + offset[0], p[1] + offset[1], p[2] + offset[2]];
  for (const part of parts) {
    if (part.shape === 'capsule') {
      // The capsule's straight section runs along its local Y axis, rotated by the quaternion.
      const [x, y, z, w] = part.quaternion;
      const axis: Vec3 = [2 * (x * y - w * z), 1 - 2 * (x * x + z * z), 2 * (y * z + w * x)];
      const h = part.length / 2;
      for (const s of [-1, 1]) {
        out.push({
          center: at([
            part.position[0] + s * h * axis[0],
            part.position[1] + s * h * axis[1],
            part.position[2] + s * h * axis[2],
          ]),
          radius: part.radius,
        });
      }
    } else if (part.shape === 'ellipsoid') {
      out.push({ center: at(part.position), radius: Math.max(...part.radii) });
    } else if (part.shape === 'box') {
      out.push({ center: at(part.position), radius: Math.hypot(...part.size) / 2 });
    } else {
      out.push({ center: at(part.position), radius: part.radius });
    }
  }
  return out;
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const normalize = (a: Vec3): Vec3 => {
  const l = Math.hypot(...a) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/**
 * A camera looking along -`direction` that fits the spheres as tightly as the picture allows: the target is
 * centred on the body's extent across the view (not on its 3D box, which a lying or reaching body fills
 * badly from a three-quarter view), and the distance is the least at which every sphere is inside the
 * frustum, times `margin`.
 */
export function frameSpheres(
  spheres: readonly Sphere[],
  fovDeg: number,
  aspect: number,
  direction: Vec3,
  margin = 1.08,
): Framing {
  const back = normalize(direction);
  const right = normalize(cross([0, 1, 0], back));
  const up = cross(back, right);
  const tanV = Math.tan((fovDeg * Math.PI) / 360);
  const tanH = tanV * Math.max(0.1, aspect);
  if (spheres.length === 0)
    return { target: [0, 1, 0], position: [back[0] * 4, 1 + back[1] * 4, back[2] * 4] };
  let uMin = Infinity,
    uMax = -Infinity,
    vMin = Infinity,
    vMax = -Infinity,
    wSum = 0;
  for (const s of spheres) {
    const u = dot(s.center, right);
    const v = dot(s.center, up);
    uMin = Math.min(uMin, u - s.radius);
    uMax = Math.max(uMax, u + s.radius);
    vMin = Math.min(vMin, v - s.radius);
    vMax = Math.max(vMax, v + s.radius);
    wSum += dot(s.center, back);
  }
  const uc = (uMin + uMax) / 2;
  const vc = (vMin + vMax) / 2;
  const wc = wSum / spheres.length;
  let distance = 0;
  for (const s of spheres) {
    const u = dot(s.center, right) - uc;
    const v = dot(s.center, up) - vc;
    const w = dot(s.center, back) - wc;
    // Nearer spheres (w > 0) look larger: they need the camera further back by their depth.
    distance = Math.max(distance, (Math.abs(u) + s.radius) / tanH + w, (Math.abs(v) + s.radius) / tanV + w);
  }
  distance *= margin;
  const target: Vec3 = [0, 1, 2].map((k) => uc * right[k] + vc * up[k] + wc * back[k]) as Vec3;
  const position: Vec3 = [0, 1, 2].map((k) => target[k] + back[k] * distance) as Vec3;
  return { target, position };
}
