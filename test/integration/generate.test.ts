// Generation through the built CLI and the served studio: a real (tiny, trained here) policy in the compute
// process, generations stored in SQLite, ranks, picks and exports. POSE_STUDIO_MODELS_DIR points the studio at it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Generation, GenerationSummary } from '../../src/shared/api/contract';
import { jointLimitScore } from '../../src/shared/body';
import { saveParams } from '../../src/main/compute/graph/checkpoint';
import { MODELS_DIR_ENV } from '../../src/main/compute/models/paths';
import { trainTinyPolicy } from '../../src/main/compute/models/policy/test-util';
import { loadTokenizer } from '../../src/main/compute/text/tokenizer';
import { ensureBuilt, httpCall, runCliBuilt, serve, tempDir, type ServedStudio } from './helpers';

describe('generation through the CLI and the server', () => {
  const dataDir = tempDir('pose-gen-data-');
  const modelsDir = tempDir('pose-gen-models-');
  let studio: ServedStudio | null = null;
  const env = { [MODELS_DIR_ENV]: modelsDir };

  beforeAll(async () => {
    ensureBuilt();
    const { cfg, result } = await trainTinyPolicy(loadTokenizer());
    saveParams(path.join(modelsDir, 'policy'), result.store, cfg, { producer: 'test/integration/generate.test.ts' });
  }, 180_000);
  afterAll(async () => {
    await studio?.stop();
  });

  let first: Generation;
  it('generates G candidates from the command line, stores them, and repeats exactly with the same seed', async () => {
    const args = ['generate', 'kneeling with both arms raised', '--samples', '4', '--seed', '3', '--temperature', '0', '--json', '--data-dir', dataDir];
    const a = await runCliBuilt(args, env);
    expect(a.code, a.stderr).toBe(0);
    first = JSON.parse(a.stdout) as Generation;
    expect(first.model).toMatch(/^policy@[0-9a-f]{8}$/);
    expect(first.seed).toBe(3);
    expect(first.settings).toEqual({ samples: 4, temperature: 0, sigmaScale: 1, withinLimits: true });
    expect(first.candidates.map((c) => c.idx)).toEqual([0, 1, 2, 3]);
    for (const c of first.candidates) {
      expect(c.textLogProb).toBeLessThanOrEqual(0);
      expect(c.rank).toBeNull();
      expect(c.picked).toBe(false);
    }
    // Greedy text; the poses still differ: each candidate draws its own ε.
    const withPose = first.candidates.filter((c) => c.pose);
    expect(withPose.length).toBeGreaterThan(1);
    expect(withPose[0]!.pose).not.toEqual(withPose[1]!.pose);
    for (const c of withPose) expect(c.sigma).toHaveLength(22);

    const b = await runCliBuilt(args, env);
    expect(b.code, b.stderr).toBe(0);
    const again = JSON.parse(b.stdout) as Generation;
    expect(again.id).not.toBe(first.id);
    expect(again.candidates.map((c) => [c.text, c.pose])).toEqual(first.candidates.map((c) => [c.text, c.pose]));

    // By default every pose lies inside the joint limits; --raw gives the Gaussian draws themselves (the same
    // draws: same log-densities), of which this barely trained policy's cross the limits.
    for (const c of withPose) expect(jointLimitScore(c.pose!).total).toBe(0);
    // (its own data directory: the history test below counts this one's generations)
    const r = await runCliBuilt([...args.slice(0, -1), tempDir('pose-gen-raw-'), '--raw'], env);
    expect(r.code, r.stderr).toBe(0);
    const raw = JSON.parse(r.stdout) as Generation;
    expect(raw.settings.withinLimits).toBe(false);
    expect(raw.candidates.map((c) => c.poseLogProb)).toEqual(first.candidates.map((c) => c.poseLogProb));
    expect(raw.candidates.some((c) => c.pose && jointLimitScore(c.pose).total > 0)).toBe(true);
  }, 120_000);

  it('serves the history, ranks, picks and exports of stored generations', async () => {
    const saved = process.env[MODELS_DIR_ENV];
    process.env[MODELS_DIR_ENV] = modelsDir;
    try {
      studio = await serve(dataDir);
    } finally {
      if (saved === undefined) delete process.env[MODELS_DIR_ENV];
      else process.env[MODELS_DIR_ENV] = saved;
    }
    const list = await httpCall(studio.url, 'generate.list', {});
    expect(list.status).toBe(200);
    const items = (list.body.value as { items: GenerationSummary[] }).items;
    expect(items).toHaveLength(2);
    expect(items.map((g) => g.candidates)).toEqual([4, 4]);

    const got = await httpCall(studio.url, 'generate.get', { id: first.id });
    expect((got.body.value as Generation).candidates).toEqual(first.candidates);

    const ids = first.candidates.map((c) => c.id);
    const ranked = await httpCall(studio.url, 'generate.rank', { generationId: first.id, ranking: [ids[2], ids[0]] });
    expect((ranked.body.value as Generation).candidates.map((c) => c.rank)).toEqual([2, null, 1, null]);
    const dup = await httpCall(studio.url, 'generate.rank', { generationId: first.id, ranking: [ids[1], ids[1]] });
    expect(dup.body.error?.code).toBe('bad_request');

    const poseId = first.candidates.find((c) => c.pose)!.id;
    const picked = await httpCall(studio.url, 'generate.pick', { generationId: first.id, candidateId: poseId });
    expect((picked.body.value as Generation).candidates.filter((c) => c.picked).map((c) => c.id)).toEqual([poseId]);
    const after = (await httpCall(studio.url, 'generate.list', {})).body.value as { items: GenerationSummary[] };
    expect(after.items.find((g) => g.id === first.id)!.pickedIdx).toBe(first.candidates.find((c) => c.id === poseId)!.idx);

    const npz = await httpCall(studio.url, 'generate.export', { candidateId: poseId, format: 'amass-npz-72' });
    const file = npz.body.value as { fileName: string; content: string; encoding: string };
    expect(file.encoding).toBe('base64');
    expect(file.fileName).toMatch(/\.npz$/);
    expect(Buffer.from(file.content, 'base64').subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const json = await httpCall(studio.url, 'generate.export', { candidateId: poseId, format: 'smpl-json' });
    const doc = JSON.parse((json.body.value as { content: string }).content) as { provenance: { generation: unknown } };
    expect(doc.provenance.generation).toEqual({ prompt: 'kneeling with both arms raised', seed: 3, model: first.model });

    const unknown = await httpCall(studio.url, 'generate.get', { id: 'nope' });
    expect(unknown.body.error?.code).toBe('not_found');
  }, 120_000);
});
