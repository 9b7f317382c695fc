/**
 * Prints the MatMul ceilings of ORT (ours) and torch (peer) on this machine, alternating, per size.
 *   node --import tsx bench/train-step/peaks.ts [--threads N] [--rounds 3]
 */
import os from 'node:os';
import { releaseAll } from '../../src/main/compute/runtime';
import { argValue } from '../lib/args';
import { PEAK_SIZES, measureMatmulPeak } from './peak';
import { runPeerPeak } from './peer';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string): string => argValue(argv, name, dflt);
const threads = Number(arg('--threads', String(os.availableParallelism())));
for (let r = 0; r < Number(arg('--rounds', '3')); r++) {
  const ours = await measureMatmulPeak({ threads, runs: 10 });
  const peer = await runPeerPeak(PEAK_SIZES, { threads, runs: 10 });
  console.log(
    ours.sizes.map((s) => `${s.n}³ ORT ${s.gflops.toFixed(0)} / torch ${(peer.sizes.find((p) => p.n === s.n)?.gflops ?? NaN).toFixed(0)}`).join('; '),
  );
}
await releaseAll();
