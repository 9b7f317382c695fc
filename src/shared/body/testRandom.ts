/** Seeded random numbers and poses for the body-model tests (deterministic, no dependencies). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random unit vector. */
export function randomAxis(r: () => number): [number, number, number] {
  const z = 2 * r() - 1;
  const phi = 2 * Math.PI * r();
  const s = Math.sqrt(1 - z * z);
  return [s * Math.cos(phi), s * Math.sin(phi), z];
}

/** batch poses of `stride` numbers, each joint a random axis times an angle in [0, maxAngle). */
export function randomPoses(r: () => number, batch: number, stride: 66 | 72, maxAngle: number): Float32Array {
  const out = new Float32Array(batch * stride);
  for (let i = 0; i < out.length; i += 3) {
    const a = randomAxis(r);
    const t = maxAngle * r();
    out[i] = a[0] * t;
    out[i + 1] = a[1] * t;
    out[i + 2] = a[2] * t;
  }
  return out;
}
