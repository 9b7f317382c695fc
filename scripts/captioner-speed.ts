/**
 * Captioner speed and sample output (not a test: timings depend on the machine).
 *
 *   npx tsx scripts/captioner-speed.ts [--poses N] [--show K]
 *
 * Captions N sampled poses single-threaded, several rounds, and prints the median time per
 * caption (and per measurePosecodes / posecodeAgreement call), then K example captions.
 */
import { Rng } from '../src/main/compute/data/random';
import { samplePose } from '../src/main/compute/data/variation';
import { caption, measurePosecodes, posecodeAgreement, CAPTIONER_VERSION } from '../src/main/compute/data/captioner';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const n = arg('poses', 2000);
const show = arg('show', 0);
const rng = new Rng(1);
const poses = Array.from({ length: n }, () => samplePose(rng));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeRounds(label: string, fn: (i: number) => unknown, rounds = 7): void {
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    perCall.push((performance.now() - t0) / n);
  }
  console.log(`${label}: median ${(median(perCall) * 1000).toFixed(1)} µs per pose over ${rounds} rounds of ${n} (min ${(Math.min(...perCall) * 1000).toFixed(1)} µs)`);
}

console.log(`captioner ${CAPTIONER_VERSION}, node ${process.version}`);
const crng = new Rng(2);
const caps = poses.map((p) => caption(p, crng)); // warm-up, and claims for the agreement timing
timeRounds('caption', (i) => caption(poses[i], crng));
timeRounds('measurePosecodes', (i) => measurePosecodes(poses[i]));
timeRounds('posecodeAgreement', (i) => posecodeAgreement(caps[i].posecodes, poses[i]));
const lengths = caps.map((c) => c.text.split(/\s+/).length);
const codes = caps.map((c) => c.posecodes.length);
console.log(`words per caption: median ${median(lengths)}, posecodes per caption: median ${median(codes)}`);
for (let i = 0; i < show; i++) console.log(`\n[${i}] ${caps[i].text}\n    ${caps[i].posecodes.map((p) => `${p.code}=${p.category}`).join(', ')}`);
