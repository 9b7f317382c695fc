/** Shared by the layer tests: run a graph's outputs once with parameters from a ParamStore. */
import { loadSession, type HostTensor } from '../../runtime';
import type { Tensor } from '../graph';
import { ParamStore } from '../params';
import { emitModel } from '../serialize';

export async function runOutputs(
  outputs: Record<string, Tensor>,
  feeds: Record<string, HostTensor>,
  store: ParamStore,
): Promise<Record<string, HostTensor>> {
  const first = Object.values(outputs)[0]!;
  const model = emitModel(first.graph, outputs);
  const session = await loadSession(model.bytes, { settings: { intraOpThreads: 1 } });
  const all: Record<string, HostTensor> = {};
  for (const t of model.inputs) {
    if (t.source.kind === 'param') all[t.name] = store.tensor(t.name);
    else {
      const f = feeds[t.name];
      if (!f) throw new Error(`no feed for input ${t.name}`);
      all[t.name] = f;
    }
  }
  return session.run(all);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
