import type Database from 'better-sqlite3';
import { optBlobToFloat32, optFloat32ToBlob, float32Copier } from '../blob';
import {
  fromJson,
  newId,
  nowIso,
  storedNum,
  storedOptNum,
  textRoundTrips,
  toBit,
  toJson,
  type JsonObject,
} from './common';

/** One prompt sampled by one model: G candidates hang off it. */
export interface GenerationRecord {
  id: string;
  sessionId: string | null;
  prompt: string;
  modelId: string | null;
  /** Human-readable model label at generation time (kept even if the model record is deleted). */
  model: string;
  seed: number;
  /** Sampling settings: G, temperature, σ-scale, ... */
  settings: JsonObject;
  createdAt: string;
}

export interface GenerationInput {
  sessionId?: string | null;
  prompt: string;
  modelId?: string | null;
  model: string;
  seed: number;
  settings?: JsonObject;
}

export interface CandidateRecord {
  id: string;
  generationId: string;
  /** Position within the generation's group (0-based). */
  idx: number;
  /** The answer's text (`<POSE>` where the pose sits). */
  answer: string;
  /** Null when the answer holds no pose. */
  pose: Float32Array | null;
  /** Gaussian head mean, and a σ summary (e.g. per-joint standard deviations). */
  mu: Float32Array | null;
  sigma: Float32Array | null;
  /** log-probability of the answer's tokens. */
  textLogProb: number | null;
  /** log-density of the pose under the policy's Gaussian. */
  poseLogProb: number | null;
  formatValid: boolean;
  /** Named rewards, e.g. { semantic: 0.7, plausibility: 0.9 }. */
  rewards: Record<string, number>;
  /** The user's ranking, 1 = best; null when unranked. */
  rank: number | null;
  picked: boolean;
}

export interface CandidateInput {
  /** Defaults to the candidate's position in the batch. */
  idx?: number;
  answer?: string;
  pose: Float32Array | readonly number[] | null;
  mu?: Float32Array | readonly number[] | null;
  sigma?: Float32Array | readonly number[] | null;
  textLogProb?: number | null;
  poseLogProb?: number | null;
  formatValid?: boolean;
  rewards?: Record<string, number>;
  rank?: number | null;
  picked?: boolean;
}

interface GenerationRow {
  id: string;
  session_id: string | null;
  prompt: string;
  model_id: string | null;
  model: string;
  seed: number;
  settings: string;
  created_at: string;
}

interface CandidateRow {
  id: string;
  generation_id: string;
  idx: number;
  answer: string;
  pose: Buffer | null;
  mu: Buffer | null;
  sigma: Buffer | null;
  text_log_prob: number | null;
  pose_log_prob: number | null;
  format_valid: number;
  rewards: string;
  rank: number | null;
  picked: number;
}

const toGeneration = (r: GenerationRow): GenerationRecord => ({
  id: r.id,
  sessionId: r.session_id,
  prompt: r.prompt,
  modelId: r.model_id,
  model: r.model,
  seed: r.seed,
  settings: fromJson(r.settings),
  createdAt: r.created_at,
});

const toCandidate = (r: CandidateRow): CandidateRecord => ({
  id: r.id,
  generationId: r.generation_id,
  idx: r.idx,
  answer: r.answer,
  pose: optBlobToFloat32(r.pose),
  mu: optBlobToFloat32(r.mu),
  sigma: optBlobToFloat32(r.sigma),
  textLogProb: r.text_log_prob,
  poseLogProb: r.pose_log_prob,
  formatValid: r.format_valid === 1,
  rewards: JSON.parse(r.rewards) as Record<string, number>,
  rank: r.rank,
  picked: r.picked === 1,
});

export interface GenerationsRepo {
  create(input: GenerationInput): GenerationRecord;
  /** The generation and its candidates in one transaction. */
  createWithCandidates(
    input: GenerationInput,
    candidates: readonly CandidateInput[],
  ): {
    generation: GenerationRecord;
    candidates: CandidateRecord[];
  };
  get(id: string): GenerationRecord | null;
  /** Newest first; all sessions when sessionId is undefined. */
  list(filter?: { sessionId?: string; limit?: number }): GenerationRecord[];
  delete(id: string): boolean;
}

export interface CandidatesRepo {
  /** All or nothing, in one transaction; returns the inserted candidates in input order. */
  insertMany(generationId: string, candidates: readonly CandidateInput[]): CandidateRecord[];
  get(id: string): CandidateRecord | null;
  /** In idx order. */
  list(generationId: string): CandidateRecord[];
  /** Sets ranks for the given candidates of one generation; candidates not named keep theirs. */
  setRanks(generationId: string, ranks: Readonly<Record<string, number | null>>): number;
  setPicked(id: string, picked: boolean): boolean;
}

export function generationsRepos(db: Database.Database): {
  generations: GenerationsRepo;
  candidates: CandidatesRepo;
} {
  // Positional parameters: binding an array of values is cheaper than looking up an object's properties.
  const insertGen = db.prepare<
    [string, string | null, string, string | null, string, number, string, string]
  >(
    `INSERT INTO generations (id, session_id, prompt, model_id, model, seed, settings, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const genById = db.prepare<[string], GenerationRow>(`SELECT * FROM generations WHERE id = ?`);
  const genAll = db.prepare<[number], GenerationRow>(
    `SELECT * FROM generations ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  );
  const genOfSession = db.prepare<[string, number], GenerationRow>(
    `SELECT * FROM generations WHERE session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  );
  const genDel = db.prepare<[string]>(`DELETE FROM generations WHERE id = ?`);

  const insertCand = db.prepare<
    [
      string,
      string,
      number,
      string,
      Buffer | null,
      Buffer | null,
      Buffer | null,
      number | null,
      number | null,
      0 | 1,
      string,
      number | null,
      0 | 1,
    ]
  >(
    `INSERT INTO candidates (id, generation_id, idx, answer, pose, mu, sigma, text_log_prob, pose_log_prob, format_valid, rewards, rank, picked)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const candById = db.prepare<[string], CandidateRow>(`SELECT * FROM candidates WHERE id = ?`);
  const candOfGen = db.prepare<[string], CandidateRow>(
    `SELECT * FROM candidates WHERE generation_id = ? ORDER BY idx`,
  );
  const setRank = db.prepare<[number | null, string, string]>(
    `UPDATE candidates SET rank = ? WHERE id = ? AND generation_id = ?`,
  );
  const setPicked = db.prepare<[number, string]>(`UPDATE candidates SET picked = ? WHERE id = ?`);

  // The record is built from what was written (no read back); see storedNum and textRoundTrips.
  const createGen = (input: GenerationInput): GenerationRecord => {
    const id = newId();
    const sessionId = input.sessionId ?? null;
    const modelId = input.modelId ?? null;
    const settings = toJson(input.settings);
    const createdAt = nowIso();
    insertGen.run(id, sessionId, input.prompt, modelId, input.model, input.seed, settings, createdAt);
    if (!textRoundTrips(sessionId, input.prompt, modelId, input.model)) return toGeneration(genById.get(id)!);
    return {
      id,
      sessionId,
      prompt: input.prompt,
      modelId,
      model: input.model,
      seed: storedNum(input.seed),
      settings: fromJson(settings),
      createdAt,
    };
  };

  // Not itself a transaction: createWithCandidates calls it inside its own (a nested db.transaction would
  // add a SAVEPOINT and a RELEASE to every generation), and candidates.insertMany wraps it in one.
  const insertCandidates = (generationId: string, list: readonly CandidateInput[]): CandidateRecord[] => {
    const reread = !textRoundTrips(generationId, ...list.map((c) => c.answer ?? ''));
    let floats = 0;
    for (const c of list) floats += (c.pose?.length ?? 0) + (c.mu?.length ?? 0) + (c.sigma?.length ?? 0);
    const copy = float32Copier(floats);
    const out: CandidateRecord[] = new Array<CandidateRecord>(list.length);
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      const id = newId();
      const idx = c.idx ?? i;
      const pose = c.pose == null ? null : copy(c.pose);
      const answer = c.answer ?? '';
      const formatValid = toBit(c.formatValid ?? true);
      const mu = c.mu == null ? null : copy(c.mu);
      const sigma = c.sigma == null ? null : copy(c.sigma);
      const rewards = JSON.stringify(c.rewards ?? {});
      const picked = toBit(c.picked);
      insertCand.run(
        id,
        generationId,
        idx,
        answer,
        optFloat32ToBlob(pose),
        optFloat32ToBlob(mu),
        optFloat32ToBlob(sigma),
        c.textLogProb ?? null,
        c.poseLogProb ?? null,
        formatValid,
        rewards,
        c.rank ?? null,
        picked,
      );
      out[i] = reread
        ? toCandidate(candById.get(id)!)
        : {
            id,
            generationId,
            idx: storedNum(idx),
            answer,
            pose,
            mu,
            sigma,
            textLogProb: storedOptNum(c.textLogProb),
            poseLogProb: storedOptNum(c.poseLogProb),
            formatValid: formatValid === 1,
            rewards: JSON.parse(rewards) as Record<string, number>,
            rank: storedOptNum(c.rank),
            picked: picked === 1,
          };
    }
    return out;
  };
  const insertMany = db.transaction(insertCandidates);

  const createWith = db.transaction((input: GenerationInput, list: readonly CandidateInput[]) => {
    const generation = createGen(input);
    const candidates = insertCandidates(generation.id, list);
    return { generation, candidates };
  });

  const ranks = db.transaction(
    (generationId: string, map: Readonly<Record<string, number | null>>): number => {
      let n = 0;
      for (const [id, rank] of Object.entries(map)) n += setRank.run(rank, id, generationId).changes;
      return n;
    },
  );

  const generations: GenerationsRepo = {
    create: (input) => createGen(input),
    createWithCandidates: (input, list) => createWith(input, list),
    get(id) {
      const r = genById.get(id);
      return r ? toGeneration(r) : null;
    },
    list(filter = {}) {
      const limit = filter.limit ?? -1;
      return (
        filter.sessionId !== undefined ? genOfSession.all(filter.sessionId, limit) : genAll.all(limit)
      ).map(toGeneration);
    },
    delete: (id) => genDel.run(id).changes > 0,
  };
  const candidates: CandidatesRepo = {
    insertMany: (generationId, list) => insertMany(generationId, list),
    get(id) {
      const r = candById.get(id);
      return r ? toCandidate(r) : null;
    },
    list: (generationId) => candOfGen.all(generationId).map(toCandidate),
    setRanks: (generationId, map) => ranks(generationId, map),
    setPicked: (id, picked) => setPicked.run(toBit(picked), id).changes > 0,
  };
  return { generations, candidates };
}
