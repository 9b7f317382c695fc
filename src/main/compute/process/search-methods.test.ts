// retrieval.rankLibrary and the shared model loader, in-process, on a small randomly initialised checkpoint: the
// plumbing (candidates, ids, order, limits, caching, errors). Relevance with the shipped model is checked in
// test/integration/describe-search.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Graph, ParamStore } from '../graph';
import { Scope } from '../graph/layers';
import { saveParams } from '../graph/checkpoint';
import { POSE_LIBRARY } from '../data/library';
import { modelConfig, pairCosines, RetrievalEncoder, RetrievalNet } from '../models/retrieval';
import { searchCandidates } from '../search/library-ranking';
import { loadTokenizer } from '../text/tokenizer';
import { MethodRegistry } from './registry';
import { registerSearchMethods, type RankLibraryResult } from './search-methods';
import { releaseShippedModels, shippedRetrieval } from './shipped-models';

const haveTokenizer = (() => {
  try {
    loadTokenizer();
    return true;
  } catch {
    return false;
  }
})();

const ctx = () => ({ signal: new AbortController().signal, progress: () => {} });

function writeTinyCheckpoint(dir: string, seed: number): void {
  const tokenizer = loadTokenizer();
  const config = {
    ...modelConfig(tokenizer.vocabSize, { kind: 'bow', dim: 16, hidden: [32], maxLen: 64 }),
    pose: { hidden: [32] },
    embedDim: 8,
  };
  const net = new RetrievalNet(config);
  const g = new Graph();
  net.text(new Scope(g), g.input('ids', ['B', 'T'], 'int64'), g.input('mask', ['B', 'T']));
  net.pose(new Scope(g), g.input('features', ['B', 132]));
  net.scale(new Scope(g));
  saveParams(dir, ParamStore.init(g, seed), { model: config });
}

describe.skipIf(!haveTokenizer)('retrieval.rankLibrary (small random model)', () => {
  let dir: string;
  let registry: MethodRegistry;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'search-ckpt-'));
    writeTinyCheckpoint(dir, 7);
    registry = new MethodRegistry();
    registerSearchMethods(registry, { retrievalDir: dir });
  });
  afterAll(async () => {
    await releaseShippedModels();
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks every library pose and each distinct mirror by the cosine of the two embeddings', async () => {
    const r = await registry.dispatch('retrieval.rankLibrary', { text: 'kneeling with both arms raised' }, ctx());
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const { results, model, query } = r.value as RankLibraryResult;
    expect(model).toBe(`${path.basename(dir)} (bow text encoder, 8-d)`);
    expect(query).toBe('The person is kneeling with both arms raised.');
    const candidates = searchCandidates(POSE_LIBRARY);
    expect(results.map((x) => x.id).sort()).toEqual(candidates.map((c) => c.id).sort());
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
    // Each score is the cosine the encoder gives that pose and the phrased text.
    const enc = await shippedRetrieval(dir);
    const text = await enc.embedTexts([query]);
    for (const probe of [results[0]!, results.at(-1)!, results.find((x) => x.id.endsWith('~mirror'))!]) {
      const pose = candidates.find((c) => c.id === probe.id)!.pose;
      const cos = pairCosines(text, await enc.embedPoses(Float32Array.from(pose), 1), 1, enc.dim)[0]!;
      expect(probe.score).toBeCloseTo(cos, 5);
    }
  });

  it('embeds the library once and only the text per query; honours the limit', async () => {
    const spy = vi.spyOn(RetrievalEncoder.prototype, 'embedPoses');
    const a = await registry.dispatch('retrieval.rankLibrary', { text: 'lying on the back', limit: 5 }, ctx());
    const b = await registry.dispatch('retrieval.rankLibrary', { text: '  lying on the back ', limit: 3 }, ctx());
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    const ra = (a.value as RankLibraryResult).results;
    const rb = (b.value as RankLibraryResult).results;
    expect(ra).toHaveLength(5);
    // The text is trimmed: the same query, the same order.
    expect(rb).toEqual(ra.slice(0, 3));
  });

  it('refuses bad requests as data', async () => {
    for (const bad of [{ text: '' }, { text: '   ' }, { text: 'x'.repeat(501) }, { text: 'arms up', limit: 0 }, { text: 'arms up', extra: 1 }, {}]) {
      const r = await registry.dispatch('retrieval.rankLibrary', bad, ctx());
      expect(r.ok ? 'ok' : r.error.code, JSON.stringify(bad)).toBe('bad_request');
    }
  });
});

describe.skipIf(!haveTokenizer)('shippedRetrieval', () => {
  afterAll(() => releaseShippedModels());

  it('answers not_found as data when the files are missing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'search-none-'));
    try {
      const registry = new MethodRegistry();
      registerSearchMethods(registry, { retrievalDir: empty });
      const r = await registry.dispatch('retrieval.rankLibrary', { text: 'arms up' }, ctx());
      expect(r.ok || r.error.code).toBe('not_found');
      if (!r.ok) {
        expect(r.error.message).toMatch(/retrieval model is not installed/);
        expect(r.error.details).toMatchObject({ missing: ['model.safetensors', 'config.json'] });
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('loads a directory once, and tries again after a failed load', async () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'search-retry-'));
    try {
      writeFileSync(path.join(d, 'model.safetensors'), 'not a checkpoint');
      writeFileSync(path.join(d, 'config.json'), '{}');
      await expect(shippedRetrieval(d)).rejects.toThrow();
      writeTinyCheckpoint(d, 3);
      const a = shippedRetrieval(d);
      expect(shippedRetrieval(path.join(d, '.'))).toBe(a);
      expect((await a).dim).toBe(8);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
