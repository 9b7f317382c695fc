/** `pose-studio data build`: runs the dataset build with a progress line on stderr and prints the time it took. */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BUILD_CONFIG, type DatasetBuildConfig } from '../compute/data/dataset/config';
import { buildDataset, DatasetBuildError, type BuildProgress } from '../compute/data/dataset/build';
import type { Command } from './args';
import type { CliIO } from './io';

export type DataBuildOptions = Omit<Extract<Command, { cmd: 'data-build' }>, 'cmd'> & {
  /** Where the built worker script is; absent when running from source (then the build runs on this thread). */
  workerUrl?: URL;
  /** Whether stderr is a terminal (a redrawn bar) or a log (a line per 10%). */
  interactive?: boolean;
};

function bar(p: BuildProgress, started: number): string {
  const frac = p.shards ? p.shardsDone / p.shards : 1;
  const width = 28;
  const filled = Math.round(frac * width);
  const secs = (performance.now() - started) / 1000;
  const rate = secs > 0 ? p.examplesDone / secs : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${p.examplesDone.toLocaleString('en-US')} examples  ${rate.toFixed(0)}/s`;
}

export async function runDataBuild(o: DataBuildOptions, io: CliIO): Promise<number> {
  const config: DatasetBuildConfig = {
    ...DEFAULT_BUILD_CONFIG,
    tasks: o.tasks,
    count: o.count,
    seed: o.seed,
    ...(o.shardSize ? { shardSize: o.shardSize } : {}),
  };
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = o.workerUrl ? (o.workers ?? cores) : 0;
  const out = path.resolve(o.out);
  const started = performance.now();
  let lastDecile = -1;
  try {
    const manifest = await buildDataset(config, out, {
      workers,
      workerUrl: o.workerUrl,
      force: o.force,
      onProgress: (p) => {
        if (o.interactive) process.stderr.write(`\r${bar(p, started)}`);
        else {
          const decile = Math.floor((10 * p.shardsDone) / Math.max(1, p.shards));
          if (decile !== lastDecile) {
            lastDecile = decile;
            io.err(bar(p, started));
          }
        }
      },
    });
    if (o.interactive) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    const summary = {
      out,
      examples: manifest.totals.examples,
      perSplit: manifest.totals.perSplit,
      perTask: manifest.totals.perTask,
      shards: manifest.shards.length,
      workers,
      seconds: Number(seconds.toFixed(2)),
    };
    if (o.json) io.out(JSON.stringify(summary));
    else {
      io.out(`Built ${summary.examples.toLocaleString('en-US')} examples in ${seconds.toFixed(1)} s with ${workers || 'no'} worker thread${workers === 1 ? '' : 's'} → ${out}`);
      io.out(`  splits: train ${summary.perSplit.train}, val ${summary.perSplit.val}, test ${summary.perSplit.test}`);
      io.out(`  tasks:  ${Object.entries(summary.perTask).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    }
    return 0;
  } catch (e) {
    if (o.interactive) process.stderr.write('\n');
    if (e instanceof DatasetBuildError) {
      io.err(`pose-studio: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
