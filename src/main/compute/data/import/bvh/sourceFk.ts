import type { BvhFile } from './parse';

/**
 * Forward kinematics of a parsed BVH skeleton for one frame, in the file's own frame and units:
 *   local R = product of the joint's rotation channels in listed order (degrees; first listed outermost)
 *   local t = OFFSET + position channels (see parse.ts for why they add)
 *   world R = world R[parent]·R,  world p = world p[parent] + world R[parent]·t
 * With every channel at zero (frame = -1) this is the rest pose: all world rotations are the identity.
 */

const DEG = Math.PI / 180;

/** Multiplies the 3×3 row-major `m` (in place) on the right by a rotation about `axis` (0 x, 1 y, 2 z). */
function rotateRight(m: Float64Array, axis: number, deg: number): void {
  if (deg === 0) return;
  const c = Math.cos(deg * DEG);
  const s = Math.sin(deg * DEG);
  for (let r = 0; r < 3; r++) {
    const a = m[r * 3], b = m[r * 3 + 1], d = m[r * 3 + 2];
    if (axis === 0) {
      m[r * 3 + 1] = b * c + d * s;
      m[r * 3 + 2] = -b * s + d * c;
    } else if (axis === 1) {
      m[r * 3] = a * c - d * s;
      m[r * 3 + 2] = a * s + d * c;
    } else {
      m[r * 3] = a * c + b * s;
      m[r * 3 + 1] = -a * s + b * c;
    }
  }
}

const local = new Float64Array(9);

/**
 * Writes world positions (joints × 3) and rotations (joints × 9, row-major) of frame `frame`
 * (-1 for the rest pose) into `pos` / `rot`.
 */
export function sourceFk(bvh: BvhFile, frame: number, pos: Float64Array, rot: Float64Array): void {
  const base = frame < 0 ? -1 : frame * bvh.channelCount;
  const { joints, motion } = bvh;
  for (let j = 0; j < joints.length; j++) {
    const jt = joints[j];
    local[0] = 1; local[1] = 0; local[2] = 0;
    local[3] = 0; local[4] = 1; local[5] = 0;
    local[6] = 0; local[7] = 0; local[8] = 1;
    let tx = jt.offset[0], ty = jt.offset[1], tz = jt.offset[2];
    if (base >= 0) {
      for (let c = 0; c < jt.channels.length; c++) {
        const v = motion[base + jt.channelStart + c];
        switch (jt.channels[c]) {
          case 'Xposition': tx += v; break;
          case 'Yposition': ty += v; break;
          case 'Zposition': tz += v; break;
          case 'Xrotation': rotateRight(local, 0, v); break;
          case 'Yrotation': rotateRight(local, 1, v); break;
          case 'Zrotation': rotateRight(local, 2, v); break;
        }
      }
    }
    const p = jt.parent;
    const r = j * 9;
    if (p < 0) {
      for (let k = 0; k < 9; k++) rot[r + k] = local[k];
      pos[j * 3] = tx;
      pos[j * 3 + 1] = ty;
      pos[j * 3 + 2] = tz;
      continue;
    }
    const pr = p * 9;
    for (let a = 0; a < 3; a++) {
      const p0 = rot[pr + a * 3], p1 = rot[pr + a * 3 + 1], p2 = rot[pr + a * 3 + 2];
      rot[r + a * 3] = p0 * local[0] + p1 * local[3] + p2 * local[6];
      rot[r + a * 3 + 1] = p0 * local[1] + p1 * local[4] + p2 * local[7];
      rot[r + a * 3 + 2] = p0 * local[2] + p1 * local[5] + p2 * local[8];
      pos[j * 3 + a] = pos[p * 3 + a] + p0 * tx + p1 * ty + p2 * tz;
    }
  }
}
