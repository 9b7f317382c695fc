/** Worker-thread entry of the dataset build (built to out/main/data-worker.js): runs shard jobs sent by pool.ts. */
import { parentPort } from 'node:worker_threads';
import { runShardJob, type ShardJob } from './build';

const port = parentPort;
if (!port) throw new Error('data-worker must run as a worker thread');
port.on('message', (job: { index: number; input: ShardJob }) => {
  try {
    port.postMessage({ ok: true, index: job.index, output: runShardJob(job.input) });
  } catch (e) {
    port.postMessage({ ok: false, index: job.index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
