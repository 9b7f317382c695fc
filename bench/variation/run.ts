/**
 * Speed of the variation module's hot paths: plausibility (the dataset build filters 100k+ poses
 * through it) and samplePose. Prints median µs per pose over several rounds.
 *   node --import tsx bench/variation/run.ts [--n 20000]
 */
import { Rng } from '../../src/main/compute/data/random';
import { plausibility } from '../../src/main/compute/data/variation/plausibility';

const args = process.argv.slice(2);
const nIdx = args.indexOf('--n');
const N = nIdx >= 0 ? Number(args[nIdx + 1]) : 20000;
const ROUNDS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Poses to check: random rotations of moderate size (a mix of plausible and not).
const rng = new Rng(1);
const poses: Float32Array[] = [];
for (let i = 0; i < 1000; i++) {
  const p = new Float32Array(66);
  for (let k = 3; k < 66; k++) p[k] = rng.normal() * 0.3;
  poses.push(p);
}

async function main(): Promise<void> {
  const rounds: number[] = [];
  let ok = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) if (plausibility(poses[i % poses.length]).ok) ok++;
    rounds.push(((performance.now() - t0) * 1000) / N);
  }
  console.log(`plausibility: median ${median(rounds).toFixed(2)} µs/pose over ${ROUNDS} rounds of ${N} (accepted ${((100 * ok) / (N * ROUNDS)).toFixed(1)}% of N(0, 0.3 rad) noise poses)`);

  // samplePose, when present (loaded dynamically so this bench runs before the sampler exists).
  const mod = (await import('../../src/main/compute/data/variation/index').catch(() => null)) as
    | { samplePose?: (rng: Rng) => Float32Array; sampleStats?: unknown }
    | null;
  if (mod?.samplePose) {
    const sRounds: number[] = [];
    const sRng = new Rng(2);
    const M = Math.max(1000, Math.floor(N / 4));
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      for (let i = 0; i < M; i++) mod.samplePose(sRng);
      sRounds.push(((performance.now() - t0) * 1000) / M);
    }
    console.log(`samplePose: median ${median(sRounds).toFixed(2)} µs/pose (including rejection) over ${ROUNDS} rounds of ${M}`);
  }
}

void main();
