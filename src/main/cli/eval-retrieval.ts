/** `pose-studio eval retrieval`: Recall@K of the shipped retrieval model and its bag-of-words baseline on held-out pairs. */
import { existsSync } from 'node:fs';
import { RetrievalEncoder } from '../compute/models/retrieval/encoder';
import { evaluateRetrieval, testPairs, type Protocol, type RetrievalEval } from '../compute/models/retrieval/evaluate';
import { RETRIEVAL_DATA } from '../compute/models/retrieval/config';
import { shippedModelDir } from '../compute/models/paths';
import { loadTokenizer } from '../compute/text/tokenizer';
import type { Command } from './args';
import type { CliIO } from './io';

type EvalRetrievalOptions = Omit<Extract<Command, { cmd: 'eval-retrieval' }>, 'cmd'>;

const pct = (x: number) => (100 * x).toFixed(1);

function table(rows: { name: string; e: RetrievalEval }[]): string[] {
  const head = ['model', 'T2P R@5', 'R@10', 'R@20', 'P2T R@5', 'R@10', 'R@20', 'mRecall'];
  const body = rows.map(({ name, e }) => [name, ...[5, 10, 20].map((k) => pct(e.recall.t2p[k]!)), ...[5, 10, 20].map((k) => pct(e.recall.p2t[k]!)), pct(e.recall.mRecall)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)];
}

export async function runEvalRetrieval(o: EvalRetrievalOptions, io: CliIO): Promise<number> {
  const started = performance.now();
  const models = [
    { name: 'retrieval', dir: o.model ?? shippedModelDir('retrieval') },
    { name: 'bag-of-words baseline', dir: o.baseline ?? shippedModelDir('retrieval-bow') },
  ];
  for (const m of models) {
    if (!existsSync(m.dir)) {
      io.err(`pose-studio: no model at ${m.dir} (train it with scripts/train-retrieval.ts)`);
      return 1;
    }
  }
  const tokenizer = loadTokenizer();
  if (!o.json) io.err(`building the held-out test pairs (dataset seed ${RETRIEVAL_DATA.seed}, test split)…`);
  const pairs = testPairs(o.items ?? undefined);
  if (o.protocol === 'pool' && o.pool > pairs.n) {
    io.err(`pose-studio: --pool ${o.pool} is larger than the ${pairs.n} test pairs`);
    return 1;
  }
  const protocol: Protocol = o.protocol === 'full' ? { kind: 'full' } : { kind: 'pool', pool: o.pool, repeats: o.repeats, seed: o.seed };
  const results: { name: string; dir: string; e: RetrievalEval }[] = [];
  for (const m of models) {
    if (!o.json) io.err(`embedding ${pairs.n} captions and poses with ${m.name}…`);
    const encoder = await RetrievalEncoder.load(m.dir, tokenizer);
    try {
      results.push({ ...m, e: await evaluateRetrieval(encoder, pairs, protocol) });
    } finally {
      await encoder.release();
    }
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  if (o.json) {
    io.out(
      JSON.stringify({
        split: 'test',
        items: pairs.n,
        protocol,
        dataset: { seed: RETRIEVAL_DATA.seed, count: RETRIEVAL_DATA.count, tasks: RETRIEVAL_DATA.tasks },
        models: results.map((r) => ({ name: r.name, dir: r.dir, t2p: r.e.recall.t2p, p2t: r.e.recall.p2t, mRecall: r.e.recall.mRecall })),
        seconds,
      }),
    );
  } else {
    const how = protocol.kind === 'full' ? `full protocol (each query ranked against all ${pairs.n})` : `pooled protocol (pools of ${protocol.pool}, ${protocol.repeats} repeats, seed ${protocol.seed})`;
    io.out(`Retrieval on ${pairs.n} held-out test pairs, ${how}; recall in %:`);
    for (const l of table(results)) io.out(`  ${l}`);
    io.out(`  (${seconds} s)`);
  }
  return 0;
}
