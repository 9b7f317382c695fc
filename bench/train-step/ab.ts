/**
 * A/B helper for optimisation work: alternates two variants of our train step on one config and prints
 * per-round and median times per optimisation step (no peer). Variants are named option sets of `createOurs`.
 *
 *   node --import tsx bench/train-step/ab.ts --config b --a flat --b per-param [--rounds 5] [--steps 10]
 */
import os from 'node:os';
import { releaseAll } from '../../src/main/compute/runtime';
import type { ConfigId } from './configs';
import { createOurs, type OursOptions } from './ours';
import { argValue } from '../lib/args';
import { runMain } from '../lib/process';
import { median } from '../lib/stats';

const VARIANTS: Record<string, OursOptions> = {
  flat: { flat: true },
  'per-param': { flat: false },
  'flat-small': { flat: true, flatMaxSize: 65536 },
  'per-param-nospin': { flat: false, settings: { allowSpinning: false } },
  'flat-x4': { flat: true, stepsPerRun: 4 },
  'flat-x8': { flat: true, stepsPerRun: 8 },
  'flat-small-nospin': { flat: true, flatMaxSize: 65536, settings: { allowSpinning: false } },
  'flat-nospin': { flat: true, settings: { allowSpinning: false } },
  'flat-basic': { flat: true, settings: { graphOptimization: 'basic' } },
  'flat-extended': { flat: true, settings: { graphOptimization: 'extended' } },
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string, dflt: string): string => argValue(argv, name, dflt);
  const id = arg('--config', 'b') as ConfigId;
  const names = [arg('--a', 'flat'), arg('--b', 'per-param')];
  const rounds = Number(arg('--rounds', '5'));
  const steps = Number(arg('--steps', '10'));
  const threads = Number(arg('--threads', String(os.availableParallelism())));
  const trainers = await Promise.all(names.map((n) => {
    const v = VARIANTS[n];
    if (!v) throw new Error(`unknown variant ${n} (${Object.keys(VARIANTS).join(', ')})`);
    return createOurs(id, threads, v);
  }));
  const med: number[][] = names.map(() => []);
  const cpu: number[][] = names.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (const [k, t] of trainers.entries()) {
      for (let i = 0; i < 3; i++) await t.step();
      const ts: number[] = [];
      // CPU time of the whole process (all ORT threads) is steadier than wall time on a shared machine;
      // compare it with spinning off, or spinning threads count as busy.
      const c0 = process.cpuUsage();
      // Times are per optimisation step: a variant with K steps per run is divided by K.
      const perRun = t.stepsPerRun;
      const calls = Math.max(2, Math.ceil(steps / perRun));
      for (let i = 0; i < calls; i++) {
        const t0 = performance.now();
        await t.step();
        ts.push((performance.now() - t0) / perRun);
      }
      const c = process.cpuUsage(c0);
      cpu[k]!.push((c.user + c.system) / 1000 / (calls * perRun));
      med[k]!.push(median(ts));
      line.push(`${names[k]} ${median(ts).toFixed(2)} ms (cpu ${cpu[k]![cpu[k]!.length - 1]!.toFixed(1)} ms)`);
    }
    console.log(`(${id}) round ${r + 1}: ${line.join(', ')}`);
  }
  console.log(
    `(${id}) median step: ${names.map((n, k) => `${n} ${median(med[k]!).toFixed(2)} ms, cpu ${median(cpu[k]!).toFixed(1)} ms`).join('; ')}; wall ratio b/a ${(median(med[1]!) / median(med[0]!)).toFixed(3)}, cpu ratio b/a ${(median(cpu[1]!) / median(cpu[0]!)).toFixed(3)}`,
  );
  for (const t of trainers) await t.dispose();
  await releaseAll();
}

runMain(main, { stack: true });
