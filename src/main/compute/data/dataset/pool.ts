/**
 * Runs shard jobs on worker threads (one per core by default) or inline. Jobs are handed out one at a time so a
 * slow shard does not hold back the rest; results come back in any order and are sorted by the caller, so the
 * output does not depend on scheduling.
 */
import { Worker } from 'node:worker_threads';

export interface PoolJob<I> {
  index: number;
  input: I;
}

export interface PoolOptions<I, O> {
  jobs: PoolJob<I>[];
  /** 0 runs inline on this thread. */
  workers: number;
  /** Script of the worker (see worker.ts); required when workers > 0. */
  workerUrl?: URL;
  /** Sent once to every worker before its first job (shared, read-only context). */
  workerData?: unknown;
  /** Inline runner: the same function the worker runs. */
  runInline: (input: I) => O | Promise<O>;
  onDone?: (index: number, output: O) => void;
}

type FromWorker<O> = { ok: true; index: number; output: O } | { ok: false; index: number; error: string };

export async function runPool<I, O>(opts: PoolOptions<I, O>): Promise<Map<number, O>> {
  const results = new Map<number, O>();
  if (opts.workers <= 0) {
    for (const job of opts.jobs) {
      const out = await opts.runInline(job.input);
      results.set(job.index, out);
      opts.onDone?.(job.index, out);
    }
    return results;
  }
  if (!opts.workerUrl) throw new Error('runPool: workerUrl is required when workers > 0');
  const queue = [...opts.jobs];
  const count = Math.min(opts.workers, queue.length);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const feed = (w: Worker) => {
        const job = queue.shift();
        if (!job) {
          running--;
          if (running === 0) resolve();
          return;
        }
        w.postMessage(job);
      };
      for (let i = 0; i < count; i++) {
        const w = new Worker(opts.workerUrl!, { workerData: opts.workerData });
        workers.push(w);
        running++;
        w.on('message', (m: FromWorker<O>) => {
          if (failed) return;
          if (!m.ok) {
            failed = true;
            reject(new Error(`shard ${m.index} failed: ${m.error}`));
            return;
          }
          results.set(m.index, m.output);
          opts.onDone?.(m.index, m.output);
          feed(w);
        });
        w.on('error', (e) => {
          if (!failed) {
            failed = true;
            reject(e);
          }
        });
        w.on('exit', (code) => {
          if (!failed && code !== 0 && results.size < opts.jobs.length) {
            failed = true;
            reject(new Error(`a dataset worker exited with code ${code}`));
          }
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
