/**
 * Speed and acceptance of the variation module's hot paths: plausibility (the dataset build filters
 * 100k+ poses through it), samplePose and varyPose. Prints median µs per pose over several rounds,
 * the sampler's per-draw acceptance and which checks refuse its raw draws.
 *   node --import tsx bench/variation/run.ts [--n 20000]
 */
import { Rng } from '../../src/main/compute/data/random';
import type { LibraryPose } from '../../src/main/compute/data/types';
import { mirrorLibraryPose, plausibility, samplePose, samplePoseWithInfo, varyPose } from '../../src/main/compute/data/variation';

const args = process.argv.slice(2);
const nIdx = args.indexOf('--n');
const N = nIdx >= 0 ? Number(args[nIdx + 1]) : 20000;
const ROUNDS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeRounds(count: number, body: (i: number) => void): number {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) body(i);
    rounds.push(((performance.now() - t0) * 1000) / count);
  }
  return median(rounds);
}

const rng = new Rng(1);
const noisy = Array.from({ length: 1000 }, () => Float32Array.from({ length: 66 }, (_, k) => (k < 3 ? 0 : rng.normal() * 0.3)));
const sampled = Array.from({ length: 1000 }, () => samplePose(rng));

const tNoisy = timeRounds(N, (i) => plausibility(noisy[i % 1000]));
const tSampled = timeRounds(N, (i) => plausibility(sampled[i % 1000]));
console.log(`plausibility: median ${tSampled.toFixed(2)} µs/pose on plausible (sampled) poses, ${tNoisy.toFixed(2)} µs/pose on N(0, 0.3 rad) noise poses (${ROUNDS} rounds of ${N})`);

const sRng = new Rng(2);
const M = Math.max(1000, Math.floor(N / 4));
console.log(`samplePose: median ${timeRounds(M, () => samplePose(sRng)).toFixed(2)} µs/pose including rejection (${ROUNDS} rounds of ${M})`);

// Acceptance: per draw, and which checks refuse raw draws.
const aRng = new Rng(3);
let tries = 0, fallbacks = 0;
const A = 5000;
for (let i = 0; i < A; i++) {
  const r = samplePoseWithInfo(aRng);
  tries += r.tries;
  if (!r.accepted) fallbacks++;
}
const reasons = new Map<string, number>();
const raw = new Rng(4);
let refused = 0;
for (let i = 0; i < A; i++) {
  const r = samplePoseWithInfo(raw, { maxTries: 1 });
  if (r.accepted) continue;
  refused++;
}
const why = new Rng(5);
let classified = 0;
while (classified < 500) {
  const cand = samplePoseWithInfo(why, { maxTries: 1, plausibility: { maxLimitTotal: Infinity, maxLimitAxis: Infinity, skipIntersections: true, skipGround: true } }).pose;
  const p = plausibility(cand);
  if (p.ok) continue;
  classified++;
  const kinds = new Set<string>();
  if (p.intersections.length) kinds.add('self-intersection');
  if (!p.ground.ok) kinds.add('ground');
  if (p.reasons.some((x) => x.includes('joint limits') || x.includes('outside ['))) kinds.add('joint limits');
  for (const k of kinds) reasons.set(k, (reasons.get(k) ?? 0) + 1);
}
console.log(
  `samplePose acceptance: ${((100 * A) / tries).toFixed(1)}% of draws accepted (mean ${(tries / A).toFixed(2)} draws/pose, ${fallbacks} fallbacks in ${A}); ` +
    `raw single draws refused ${((100 * refused) / A).toFixed(1)}%; refusal causes among 500 refused draws: ` +
    [...reasons].map(([k, v]) => `${k} ${((100 * v) / 500).toFixed(0)}%`).join(', '),
);

// varyPose over a synthetic pool (sampled poses as library stand-ins, plus their mirrors).
const vRng = new Rng(6);
const lib: LibraryPose[] = sampled.slice(0, 80).map((pose, i) => ({
  id: `p${i}`, name: `pose ${i}`, category: 'standing', tags: [], synonyms: [], actions: [], pose,
}));
const pool = lib.flatMap((p) => [p, mirrorLibraryPose(p)]);
let vf = 0;
const V = Math.max(1000, Math.floor(N / 4));
const tv = timeRounds(V, () => {
  if (varyPose(vRng.pick(pool), vRng, pool).provenance.params.fallback) vf++;
});
console.log(`varyPose: median ${tv.toFixed(2)} µs/pose (${ROUNDS} rounds of ${V}); fallbacks to the base ${((100 * vf) / (V * ROUNDS)).toFixed(2)}%`);
