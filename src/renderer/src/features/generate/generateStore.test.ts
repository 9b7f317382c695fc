import { describe, expect, it } from 'vitest';
import { calls, err, type ApiError, type CallName, type Generation, type GenerationCandidate } from '@shared/api';
import { createGenerateStore, defaultSelection, type Caller } from './generateStore';

function candidate(idx: number, patch: Partial<GenerationCandidate> = {}): GenerationCandidate {
  return {
    id: `c${idx}`,
    idx,
    text: 'The person is <POSE>.',
    pose: Array.from({ length: 66 }, () => 0.01 * idx),
    mu: Array.from({ length: 66 }, () => 0),
    sigma: Array.from({ length: 22 }, () => 0.1),
    textLogProb: -3,
    poseLogProb: 12,
    formatValid: true,
    rewards: { semantic: 0.5 },
    rank: null,
    picked: false,
    ...patch,
  };
}

function generation(n = 3, patch: Partial<Generation> = {}): Generation {
  return {
    id: 'g1',
    sessionId: null,
    prompt: 'kneeling',
    model: 'policy@abcd1234',
    seed: 77,
    settings: { samples: n, temperature: 0.8, sigmaScale: 1.5, withinLimits: true },
    createdAt: '2026-01-01T00:00:00.000Z',
    candidates: Array.from({ length: n }, (_, i) => candidate(i)),
    ...patch,
  };
}

/** A scripted backend: each call name answers through a handler; every request is recorded (and checked against the contract). */
function fakeClient(handlers: Partial<Record<CallName, (req: unknown, opts?: { signal?: AbortSignal; onProgress?: (p: { fraction: number; message: string }) => void }) => Promise<unknown>>>) {
  const log: { name: CallName; req: unknown }[] = [];
  const client: Caller = {
    async call(name, req, opts) {
      log.push({ name, req });
      expect(calls[name].request.safeParse(req).success).toBe(true);
      const h = handlers[name];
      if (!h) return err('internal', `no handler for ${name}`);
      return (await h(req, opts)) as never;
    },
  };
  return { client, log };
}

const reporter = () => {
  const errors: { action: string; error: ApiError }[] = [];
  return { errors, error: (action: string, error: ApiError) => errors.push({ action, error }) };
};

describe('generate store', () => {
  it('runs a generation with progress, selects a candidate and keeps the returned seed', async () => {
    const store = createGenerateStore();
    store.setForm({ prompt: 'kneeling', samples: 3 });
    const seen: (number | null)[] = [];
    const { client, log } = fakeClient({
      'generate.run': async (_req, opts) => {
        opts?.onProgress?.({ fraction: 0.5, message: 'sampling' });
        const s = store.get().run;
        seen.push(s.status === 'running' ? (s.progress?.fraction ?? null) : null);
        return { ok: true, value: generation(3) };
      },
    });
    const g = await store.generate(client);
    expect(g?.id).toBe('g1');
    expect(seen).toEqual([0.5]);
    expect(log[0]).toEqual({ name: 'generate.run', req: { prompt: 'kneeling', samples: 3, temperature: 1, sigmaScale: 1, model: 'policy', withinLimits: true } });
    const s = store.get();
    expect(s.run).toEqual({ status: 'idle' });
    expect(s.selectedId).toBe('c0');
    expect(s.form.seed).toBe(77);
    expect(s.historyVersion).toBe(1);
  });

  it('cancels a running generation (nothing shown) and reports a missing model as a failure', async () => {
    const store = createGenerateStore();
    store.setForm({ prompt: 'x' });
    const { client } = fakeClient({
      'generate.run': (_req, opts) =>
        new Promise((resolve) => opts?.signal?.addEventListener('abort', () => resolve(err('cancelled', 'cancelled')))),
    });
    const pending = store.generate(client);
    expect(store.get().run.status).toBe('running');
    expect(await store.generate(client)).toBeNull(); // one run at a time
    store.cancel();
    expect(await pending).toBeNull();
    expect(store.get().run).toEqual({ status: 'idle' });
    expect(store.get().generation).toBeNull();

    const missing = fakeClient({ 'generate.run': async () => err('not_found', 'No policy model is installed.') });
    await store.generate(missing.client);
    expect(store.get().run).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
    store.setForm({ prompt: ' ' });
    await store.generate(missing.client);
    expect(store.get().run).toMatchObject({ status: 'failed', error: { code: 'bad_request' } });
    expect(missing.log).toHaveLength(1);
  });

  it('shows a ranking at once, keeps only the latest answer, and undoes a refused one', async () => {
    const store = createGenerateStore();
    store.set({ generation: generation(3) });
    const answers: ((v: unknown) => void)[] = [];
    const { client, log } = fakeClient({ 'generate.rank': () => new Promise((resolve) => answers.push(resolve)) });
    const rep = reporter();
    const first = store.rank(client, ['c2'], rep);
    expect(store.get().generation!.candidates.map((c) => c.rank)).toEqual([null, null, 1]);
    const second = store.rank(client, ['c2', 'c0'], rep);
    expect(store.get().generation!.candidates.map((c) => c.rank)).toEqual([2, null, 1]);
    // The answers arrive out of order: the older one must not win.
    answers[1]!({ ok: true, value: generation(3, { candidates: [candidate(0, { rank: 2 }), candidate(1), candidate(2, { rank: 1 })] }) });
    await second;
    answers[0]!({ ok: true, value: generation(3, { candidates: [candidate(0), candidate(1), candidate(2, { rank: 1 })] }) });
    await first;
    expect(store.get().generation!.candidates.map((c) => c.rank)).toEqual([2, null, 1]);
    expect(log.map((l) => l.req)).toEqual([
      { generationId: 'g1', ranking: ['c2'] },
      { generationId: 'g1', ranking: ['c2', 'c0'] },
    ]);

    const refusing = fakeClient({ 'generate.rank': async () => err('bad_request', 'no') });
    await store.rank(refusing.client, ['c1'], rep);
    expect(store.get().generation!.candidates.map((c) => c.rank)).toEqual([2, null, 1]);
    expect(rep.errors.map((e) => e.error.code)).toEqual(['bad_request']);
    // The same ranking again sends nothing.
    await store.rank(refusing.client, ['c2', 'c0'], rep);
    expect(refusing.log).toHaveLength(1);
  });

  it('picks, un-picks the picked one, and reloads a stored generation into the form', async () => {
    const store = createGenerateStore();
    store.set({ generation: generation(3) });
    const { client, log } = fakeClient({
      'generate.pick': async (req) => {
        const { candidateId } = req as { candidateId: string | null };
        return { ok: true, value: generation(3, { candidates: [0, 1, 2].map((i) => candidate(i, { picked: `c${i}` === candidateId })) }) };
      },
      'generate.get': async () => ({
        ok: true,
        value: generation(2, { id: 'g0', prompt: 'waving', model: 'policy-deterministic@ff', seed: 5, candidates: [candidate(0), candidate(1, { picked: true })] }),
      }),
    });
    const rep = reporter();
    await store.pick(client, 'c1', rep);
    expect(store.get().generation!.candidates.map((c) => c.picked)).toEqual([false, true, false]);
    await store.pick(client, 'c1', rep);
    expect(log.map((l) => l.req)).toEqual([
      { generationId: 'g1', candidateId: 'c1' },
      { generationId: 'g1', candidateId: null },
    ]);
    expect(await store.load(client, 'g0', rep)).toBe(true);
    const s = store.get();
    expect(s.generation!.id).toBe('g0');
    expect(s.selectedId).toBe('c1');
    expect(s.form).toMatchObject({ prompt: 'waving', samples: 2, temperature: 0.8, sigmaScale: 1.5, seed: 5, model: 'policy-deterministic' });
    expect(rep.errors).toEqual([]);
  });

  it('selects by place and steps around the group; the default selection prefers the pick, then the best rank', () => {
    const store = createGenerateStore();
    store.set({ generation: generation(3) });
    store.selectPosition(3);
    expect(store.get().selectedId).toBe('c2');
    store.selectPosition(9);
    expect(store.get().selectedId).toBe('c2');
    store.step(1);
    expect(store.get().selectedId).toBe('c0');
    store.step(-1);
    expect(store.get().selectedId).toBe('c2');
    expect(defaultSelection(generation(3, { candidates: [candidate(0), candidate(1, { rank: 1 }), candidate(2, { picked: true })] }))).toBe('c2');
    expect(defaultSelection(generation(3, { candidates: [candidate(0), candidate(1, { rank: 1 }), candidate(2)] }))).toBe('c1');
    expect(defaultSelection(generation(2, { candidates: [candidate(0, { pose: null }), candidate(1)] }))).toBe('c1');
  });
});
