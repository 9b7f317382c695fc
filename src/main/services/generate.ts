/**
 * Generations: sampling runs in the compute process (`policy.generate`); the generation, its candidates, the
 * user's ranks and pick live in SQLite; exports carry the prompt, seed and model in the file.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Generation, GenerationCandidate, GenerationSettings, GenerationSummary } from '../../shared/api/contract';
import { err, ok, type Result } from '../../shared/api/errors';
import { APP_NAME, exportFileName, poseFileContent, type ExportProvenance } from '../../shared/export';
import type { CandidateRecord, GenerationRecord, Store } from '../storage';
import { activePolicy, policyFilesPresent } from './active-policy';
import type { HandlerTable } from './context';
import { fromStore } from './storage-guard';

const finite = z.number().finite();
/** What the compute process's `policy.generate` answers (checked: it is another process). */
const GenerateResult = z.object({
  candidates: z.array(
    z.object({
      idx: z.number().int().nonnegative(),
      text: z.string(),
      pose: z.array(finite).length(66).nullable(),
      mu: z.array(finite).length(66).nullable(),
      sigma: z.array(finite).length(22).nullable(),
      textLogProb: finite,
      poseLogProb: finite.nullable(),
      formatValid: z.boolean(),
      rewards: z.record(z.string(), finite),
    }),
  ),
  model: z.string().min(1),
});

// Generations stored before withinLimits existed were raw draws.
const SettingsShape = z.object({ samples: z.number(), temperature: z.number(), sigmaScale: z.number(), withinLimits: z.boolean().default(false) });

function toCandidate(c: CandidateRecord): GenerationCandidate {
  return {
    id: c.id,
    idx: c.idx,
    text: c.answer,
    pose: c.pose ? Array.from(c.pose) : null,
    mu: c.mu ? Array.from(c.mu) : null,
    sigma: c.sigma ? Array.from(c.sigma) : null,
    textLogProb: c.textLogProb ?? 0,
    poseLogProb: c.poseLogProb,
    formatValid: c.formatValid,
    rewards: c.rewards,
    rank: c.rank,
    picked: c.picked,
  };
}

function settingsOf(g: GenerationRecord): GenerationSettings {
  const s = SettingsShape.safeParse(g.settings);
  return s.success ? s.data : { samples: 0, temperature: 0, sigmaScale: 0, withinLimits: false };
}

function toGeneration(g: GenerationRecord, candidates: readonly CandidateRecord[]): Generation {
  return {
    id: g.id,
    sessionId: g.sessionId,
    prompt: g.prompt,
    model: g.model,
    seed: g.seed,
    settings: settingsOf(g),
    createdAt: g.createdAt,
    candidates: candidates.map(toCandidate),
  };
}

function loadGeneration(store: Store, id: string, call: string): Result<Generation> {
  const r = fromStore(call, () => {
    const g = store.generations.get(id);
    return g ? toGeneration(g, store.candidates.list(id)) : null;
  });
  if (!r.ok) return r;
  return r.value ? ok(r.value) : err('not_found', `No generation with id "${id}".`, { id });
}

export const generateHandlers: HandlerTable<'generate.run' | 'generate.list' | 'generate.get' | 'generate.rank' | 'generate.pick' | 'generate.export'> = {
  'generate.run': async (req, { compute, store }, call) => {
    if (req.sessionId) {
      const s = fromStore('generate.run', () => store.sessions.get(req.sessionId!));
      if (!s.ok) return s;
      if (!s.value) return err('not_found', `No session with id "${req.sessionId}".`, { sessionId: req.sessionId });
    }
    // A seed the caller did not choose is drawn here and stored, so every generation can be repeated.
    const seed = req.seed ?? randomInt(0, 0x100000000);
    // "policy" is the active policy: a checkpoint promoted from a fine-tuning run, or the shipped one.
    const active = req.model === 'policy' ? fromStore('generate.run', () => activePolicy(store)) : null;
    if (active && !active.ok) return active;
    const checkpoint = active?.value.dir ? { dir: active.value.dir, name: active.value.name } : null;
    if (checkpoint && !policyFilesPresent(checkpoint.dir)) {
      return err('not_found', `The promoted policy ${checkpoint.name} is missing from ${checkpoint.dir}; promote another checkpoint or go back to the shipped policy on the Fine-tune page.`, { dir: checkpoint.dir });
    }
    const settings: GenerationSettings = { samples: req.samples, temperature: req.temperature, sigmaScale: req.sigmaScale, withinLimits: req.withinLimits };
    const r = await compute.request(
      'policy.generate',
      { prompt: req.prompt, ...settings, seed, model: req.model, ...(checkpoint ? { checkpoint } : {}) },
      { onProgress: (p) => call.progress(p), signal: call.signal },
    );
    if (!r.ok) return r;
    const parsed = GenerateResult.safeParse(r.value);
    if (!parsed.success) return err('internal', 'generate.run: the compute process sent an unreadable result.');
    const stored = fromStore('generate.run', () =>
      store.generations.createWithCandidates(
        { sessionId: req.sessionId ?? null, prompt: req.prompt, model: parsed.data.model, seed, settings: { ...settings, policy: req.model } },
        parsed.data.candidates.map((c) => ({
          idx: c.idx,
          answer: c.text,
          pose: c.pose,
          mu: c.mu,
          sigma: c.sigma,
          textLogProb: c.textLogProb,
          poseLogProb: c.poseLogProb,
          formatValid: c.formatValid,
          rewards: c.rewards,
        })),
      ),
    );
    if (!stored.ok) return stored;
    return ok(toGeneration(stored.value.generation, stored.value.candidates));
  },

  'generate.list': (req, { store }) => {
    const r = fromStore('generate.list', () =>
      store.generations.list({ limit: req.limit, ...(req.sessionId ? { sessionId: req.sessionId } : {}) }).map((g): GenerationSummary => {
        const cands = store.candidates.list(g.id);
        return {
          id: g.id,
          prompt: g.prompt,
          model: g.model,
          seed: g.seed,
          createdAt: g.createdAt,
          candidates: cands.length,
          pickedIdx: cands.find((c) => c.picked)?.idx ?? null,
        };
      }),
    );
    return r.ok ? ok({ items: r.value }) : r;
  },

  'generate.get': (req, { store }) => loadGeneration(store, req.id, 'generate.get'),

  'generate.rank': (req, { store }) => {
    if (new Set(req.ranking).size !== req.ranking.length) return err('bad_request', 'The ranking names a candidate twice.', { ranking: req.ranking });
    const current = loadGeneration(store, req.generationId, 'generate.rank');
    if (!current.ok) return current;
    const ids = new Set(current.value.candidates.map((c) => c.id));
    const foreign = req.ranking.filter((id) => !ids.has(id));
    if (foreign.length) return err('bad_request', `Not candidates of this generation: ${foreign.join(', ')}.`, { foreign });
    const ranks: Record<string, number | null> = {};
    for (const c of current.value.candidates) ranks[c.id] = null;
    req.ranking.forEach((id, i) => (ranks[id] = i + 1));
    const r = fromStore('generate.rank', () => store.candidates.setRanks(req.generationId, ranks));
    if (!r.ok) return r;
    return loadGeneration(store, req.generationId, 'generate.rank');
  },

  'generate.pick': (req, { store }) => {
    const current = loadGeneration(store, req.generationId, 'generate.pick');
    if (!current.ok) return current;
    if (req.candidateId !== null && !current.value.candidates.some((c) => c.id === req.candidateId)) {
      return err('bad_request', `"${req.candidateId}" is not a candidate of this generation.`, { candidateId: req.candidateId });
    }
    const r = fromStore('generate.pick', () => {
      for (const c of current.value.candidates) if (c.picked !== (c.id === req.candidateId)) store.candidates.setPicked(c.id, c.id === req.candidateId);
    });
    if (!r.ok) return r;
    return loadGeneration(store, req.generationId, 'generate.pick');
  },

  'generate.export': (req, { store, app }) => {
    const found = fromStore('generate.export', () => {
      const c = store.candidates.get(req.candidateId);
      const g = c ? store.generations.get(c.generationId) : null;
      return c && g ? { c, g } : null;
    });
    if (!found.ok) return found;
    if (!found.value) return err('not_found', `No candidate with id "${req.candidateId}".`, { candidateId: req.candidateId });
    const { c, g } = found.value;
    if (!c.pose) return err('bad_request', 'This candidate’s answer holds no pose to export.', { candidateId: c.id });
    const name = `${g.prompt.slice(0, 48).trim()} #${c.idx + 1}`;
    const provenance: ExportProvenance = {
      app: APP_NAME,
      version: app.version,
      ...(g.sessionId ? { sessionId: g.sessionId } : {}),
      name,
      exportedAt: new Date().toISOString(),
      generation: { prompt: g.prompt, seed: g.seed, model: g.model },
    };
    const file = poseFileContent(c.pose, req.format, provenance);
    const fileName = exportFileName(name, req.format);
    const recorded = fromStore('generate.export', () =>
      store.exports.create({ sessionId: g.sessionId, file: fileName, format: req.format, provenance: { ...provenance, candidateId: c.id, generationId: g.id } }),
    );
    if (!recorded.ok) return recorded;
    return ok({ fileName, ...file });
  },
};
