import type { ApiError, CallName, CallOptions, CallRequest, CallResponse, Generation, Progress, Result } from '@shared/api';
import { createStore } from '../../stores/createStore';
import { DEFAULT_FORM, runRequest, type GenerateForm } from './generateSettings';
import { rankingOf, sameRanking, withRanking } from './ranking';
import type { AngleUnit } from './sigmaColors';

export interface GenerateView {
  layout: 'overlay' | 'grid';
  showMean: boolean;
  showSigma: boolean;
  unit: AngleUnit;
}

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: Progress | null; prompt: string }
  | { status: 'failed'; error: ApiError };

export interface GenerateState {
  form: GenerateForm;
  /** The generation on show (just made, or reloaded from the history). */
  generation: Generation | null;
  selectedId: string | null;
  run: RunState;
  view: GenerateView;
  /** Bumped whenever the stored generations change, so the history list reloads. */
  historyVersion: number;
}

export function initialGenerateState(): GenerateState {
  return {
    form: { ...DEFAULT_FORM },
    generation: null,
    selectedId: null,
    run: { status: 'idle' },
    view: { layout: 'overlay', showMean: true, showSigma: true, unit: 'deg' },
    historyVersion: 0,
  };
}

/** The one thing the store needs from the studio client. */
export interface Caller {
  call<N extends CallName>(name: N, req: CallRequest<N>, opts?: CallOptions): Promise<Result<CallResponse<N>>>;
}

/** What the store reports to the user (the page passes notifications; tests pass a recorder). */
export interface Reporter {
  error(action: string, error: ApiError): void;
}

/** The candidate shown first: the picked one, else the best ranked, else the first with a pose. */
export function defaultSelection(g: Generation): string | null {
  const picked = g.candidates.find((c) => c.picked);
  if (picked) return picked.id;
  const best = rankingOf(g.candidates)[0];
  if (best) return best;
  return (g.candidates.find((c) => c.pose) ?? g.candidates[0])?.id ?? null;
}

export type GenerateStore = ReturnType<typeof createGenerateStore>;

/**
 * The Generate page's state and its calls. Ranking is applied at once and sent whole; only the latest
 * answer is kept, so quick key presses never leave an older ranking on screen.
 */
export function createGenerateStore(initial: GenerateState = initialGenerateState()) {
  const store = createStore(initial);
  let running: AbortController | null = null;
  let rankSeq = 0;

  function replaceGeneration(g: Generation) {
    store.set((s) => ({
      generation: g,
      selectedId: s.selectedId && g.candidates.some((c) => c.id === s.selectedId) ? s.selectedId : defaultSelection(g),
    }));
  }

  return {
    ...store,
    setForm(patch: Partial<GenerateForm>) {
      store.set((s) => ({ form: { ...s.form, ...patch } }));
    },
    setView(patch: Partial<GenerateView>) {
      store.set((s) => ({ view: { ...s.view, ...patch } }));
    },
    select(id: string | null) {
      store.set({ selectedId: id });
    },
    /** Selects the candidate at a 1-based place in the group. */
    selectPosition(position: number) {
      const c = store.get().generation?.candidates[position - 1];
      if (c) store.set({ selectedId: c.id });
    },
    step(by: -1 | 1) {
      const { generation, selectedId } = store.get();
      if (!generation || generation.candidates.length === 0) return;
      const n = generation.candidates.length;
      const at = generation.candidates.findIndex((c) => c.id === selectedId);
      const next = at < 0 ? 0 : (at + by + n) % n;
      store.set({ selectedId: generation.candidates[next].id });
    },
    isRunning: () => running !== null,
    /** Runs `generate.run` for the form; resolves when it is answered, failed or cancelled. */
    async generate(client: Caller): Promise<Generation | null> {
      if (running) return null;
      const built = runRequest(store.get().form);
      if (!built.ok) {
        store.set({ run: { status: 'failed', error: { code: 'bad_request', message: built.reason } } });
        return null;
      }
      const abort = new AbortController();
      running = abort;
      store.set({ run: { status: 'running', progress: null, prompt: built.req.prompt } });
      const r = await client.call('generate.run', built.req, {
        signal: abort.signal,
        onProgress: (p) => {
          if (running === abort) store.set({ run: { status: 'running', progress: p, prompt: built.req.prompt } });
        },
      });
      running = null;
      if (!r.ok) {
        store.set({ run: r.error.code === 'cancelled' ? { status: 'idle' } : { status: 'failed', error: r.error } });
        return null;
      }
      const g = r.value;
      store.set((s) => ({
        generation: g,
        selectedId: defaultSelection(g),
        run: { status: 'idle' },
        // The seed comes back even when it was drawn, so "Reuse seed" can repeat this run.
        form: { ...s.form, seed: g.seed },
        historyVersion: s.historyVersion + 1,
      }));
      return g;
    },
    cancel() {
      running?.abort();
    },
    dismissError() {
      if (store.get().run.status === 'failed') store.set({ run: { status: 'idle' } });
    },
    /** Shows a stored generation with its ranks and pick, and puts its prompt and settings in the form. */
    async load(client: Caller, id: string, report: Reporter): Promise<boolean> {
      const r = await client.call('generate.get', { id });
      if (!r.ok) {
        report.error('Opening the generation', r.error);
        return false;
      }
      const g = r.value;
      const model = g.model.split('@')[0];
      store.set((s) => ({
        generation: g,
        selectedId: defaultSelection(g),
        form: {
          ...s.form,
          prompt: g.prompt,
          samples: g.settings.samples,
          temperature: g.settings.temperature,
          sigmaScale: g.settings.sigmaScale,
          seed: g.seed,
          model: model === 'policy-deterministic' ? 'policy-deterministic' : 'policy',
        },
      }));
      return true;
    },
    /** Sets the ranking (ids best first): shown at once, then replaced by the stored answer (or undone on failure). */
    async rank(client: Caller, ranking: string[], report: Reporter): Promise<void> {
      const g = store.get().generation;
      if (!g || sameRanking(rankingOf(g.candidates), ranking)) return;
      const seq = ++rankSeq;
      const before = g;
      store.set({ generation: { ...g, candidates: withRanking(g.candidates, ranking) } });
      const r = await client.call('generate.rank', { generationId: g.id, ranking });
      if (seq !== rankSeq || store.get().generation?.id !== g.id) return;
      if (r.ok) replaceGeneration(r.value);
      else {
        store.set({ generation: before });
        report.error('Ranking the candidates', r.error);
      }
    },
    /** Keeps one candidate (null: none); picking the picked one again un-picks it. */
    async pick(client: Caller, candidateId: string, report: Reporter): Promise<void> {
      const g = store.get().generation;
      const c = g?.candidates.find((x) => x.id === candidateId);
      if (!g || !c) return;
      const r = await client.call('generate.pick', { generationId: g.id, candidateId: c.picked ? null : c.id });
      if (!r.ok) {
        report.error('Picking the candidate', r.error);
        return;
      }
      if (store.get().generation?.id !== g.id) return;
      replaceGeneration(r.value);
      store.set((s) => ({ historyVersion: s.historyVersion + 1 }));
    },
  };
}

/** The Generate page's state lives for the app session, so visiting the Pose lab keeps the candidates. */
export const generateStore = createGenerateStore();
