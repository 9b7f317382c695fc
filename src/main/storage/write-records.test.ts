/**
 * Write methods build the record they return from what they wrote instead of reading the row back. These
 * tests hold them to the read-back: the returned record must equal what a later get() returns, including
 * the values SQLite changes on the way (NaN → null, -0 → 0, JSON's view of a value, text with a lone
 * surrogate) and without sharing memory with the caller's arrays.
 */
import { describe, expect, it } from 'vitest';
import { Edit, Session } from '../../shared/api/contract';
import { useTempStore } from './test-helpers';

const t = useTempStore();

const sha = (c: string) => c.repeat(64);
const LONE = 'bad \ud800 text';
// JSON turns NaN and Infinity into null and drops undefined: the record must show JSON's view.
const odd = { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: undefined, d: [1, undefined], e: -0, s: LONE };

describe('sessions and edits', () => {
  it('create returns what get returns, as the contract shape', () => {
    for (const input of [
      { name: 'Kneeling', kind: 'pose' as const, pose: [0.1, -0, 1e-310, 3] },
      { name: 'NaN survives a float64 blob', kind: 'pose' as const, pose: [Number.NaN, 1] },
      { name: 'no pose', kind: 'generate' as const },
      { name: 'empty pose', kind: 'video' as const, pose: [] },
      { name: LONE, kind: 'finetune' as const, pose: null },
    ]) {
      const s = t.store.sessions.create(input);
      // The contract's schema refuses NaN, so only NaN-free poses are checked against it.
      if (!s.pose?.some(Number.isNaN)) expect(Session.parse(s)).toStrictEqual(s);
      expect(s).toStrictEqual(t.store.sessions.get(s.id));
      expect(s.editCount).toBe(0);
    }
  });

  it("create copies the pose: changing the caller's array later changes nothing", () => {
    const pose = [1, 2, 3];
    const s = t.store.sessions.create({ name: 'p', kind: 'pose', pose });
    pose[0] = 99;
    expect(s.pose).toStrictEqual([1, 2, 3]);
    expect(t.store.sessions.get(s.id)!.pose).toStrictEqual([1, 2, 3]);
  });

  it('rename returns what get returns, with the edit count; null for a missing session', () => {
    const s = t.store.sessions.create({ name: 'a', kind: 'pose', pose: [1] });
    t.store.edits.save({ sessionId: s.id, pose: [2] });
    t.store.edits.save({ sessionId: s.id, pose: [3] });
    for (const name of ['b', LONE]) {
      const r = t.store.sessions.rename(s.id, name)!;
      expect(r).toStrictEqual(t.store.sessions.get(s.id));
      expect(r).toMatchObject({ editCount: 2, pose: [3], createdAt: s.createdAt });
    }
    expect(t.store.sessions.rename('nope', 'x')).toBeNull();
  });

  it('edits.save returns what get returns, and the session shows the saved pose', () => {
    const s = t.store.sessions.create({ name: 's', kind: 'pose' });
    const pose = [0.5, -0, -2.25];
    for (const note of [undefined, 'raise arm', LONE]) {
      const e = t.store.edits.save({ sessionId: s.id, pose, ...(note === undefined ? {} : { note }) })!;
      expect(Edit.parse(e)).toStrictEqual(e);
      expect(e).toStrictEqual(t.store.edits.get(e.id));
      expect(t.store.sessions.get(s.id)).toMatchObject({ pose: e.pose, updatedAt: e.createdAt });
    }
    const withNaN = t.store.edits.save({ sessionId: s.id, pose: [Number.NaN] })!;
    expect(withNaN).toStrictEqual(t.store.edits.get(withNaN.id));
    pose[0] = 7;
    expect(t.store.edits.list(s.id).map((e) => e.pose[0])).toStrictEqual([0.5, 0.5, 0.5, Number.NaN]);
  });
});

describe('generations and candidates', () => {
  const pose = () => Float32Array.from([0.25, -0, Number.NaN, 1e-40, -3.5]);

  it('createWithCandidates returns what get returns for the generation and every candidate', () => {
    const session = t.store.sessions.create({ name: 'g', kind: 'generate' });
    const model = t.store.models.create({ name: 'm', kind: 'policy', file: 'm.onnx', sha256: sha('a') });
    const inputs = [
      { pose: pose(), mu: pose(), sigma: [0.1, 0.2], poseLogProb: -1.5, rewards: { semantic: 0.7 } },
      { pose: [1, 2, 1e40], mu: null, logProb: Number.NaN, rank: -0, picked: true },
      { idx: 9, pose: new Float32Array(0), sigma: new Float32Array(0), rank: 2, rewards: odd as never },
      { pose: pose().subarray(1, 3), logProb: -0, rank: Number.NaN },
    ];
    const { generation, candidates } = t.store.generations.createWithCandidates(
      { sessionId: session.id, prompt: LONE, modelId: model.id, model: 'policy-v1', seed: -0, settings: odd },
      inputs,
    );
    expect(generation).toStrictEqual(t.store.generations.get(generation.id));
    expect(candidates.map((c) => c.idx)).toStrictEqual([0, 1, 9, 3]);
    for (const c of candidates) expect(c).toStrictEqual(t.store.candidates.get(c.id));
    // list() is in idx order; the batch came back in input order.
    expect([...candidates].sort((a, b) => a.idx - b.idx)).toStrictEqual(t.store.candidates.list(generation.id));
  });

  it("the returned arrays are copies: changing the caller's arrays later changes nothing", () => {
    const input = pose();
    const { candidates } = t.store.generations.createWithCandidates({ prompt: 'p', model: 'm', seed: 1 }, [
      { pose: input, mu: input },
    ]);
    input[0] = 42;
    const c = candidates[0]!;
    expect(c.pose![0]).toBe(0.25);
    expect(c.mu![0]).toBe(0.25);
    expect(c).toStrictEqual(t.store.candidates.get(c.id));
  });

  it('create and insertMany return what get returns', () => {
    const g = t.store.generations.create({ prompt: 'walk', model: 'm', seed: 2 ** 40 + 0.5 });
    expect(g).toStrictEqual(t.store.generations.get(g.id));
    expect(g).toMatchObject({ sessionId: null, modelId: null, settings: {} });
    const added = t.store.candidates.insertMany(g.id, [{ pose: [1, 2] }, { pose: pose(), picked: false }]);
    for (const c of added) expect(c).toStrictEqual(t.store.candidates.get(c.id));
    expect(added).toStrictEqual(t.store.candidates.list(g.id));
  });
});

describe('models, runs, checkpoints, videos, exports', () => {
  it('models.create returns what get returns', () => {
    const base = t.store.models.create({ name: 'base', kind: 'policy', file: 'a.onnx', sha256: sha('1') });
    const tuned = t.store.models.create({
      name: LONE,
      kind: 'policy',
      file: 'b.onnx',
      sha256: sha('2'),
      parentId: base.id,
      metadata: odd,
    });
    for (const m of [base, tuned]) expect(m).toStrictEqual(t.store.models.get(m.id));
    expect(base).toMatchObject({ active: false, parentId: null, metadata: {} });
  });

  it('trainingRuns.create and setStatus return what get returns', () => {
    const base = t.store.models.create({ name: 'base', kind: 'policy', file: 'a.onnx', sha256: sha('1') });
    const run = t.store.trainingRuns.create({ name: 'r', algorithm: 'hygrpo', config: odd, seed: -0 });
    expect(run).toStrictEqual(t.store.trainingRuns.get(run.id));
    expect(run).toMatchObject({ status: 'pending', error: null, finishedAt: null, versions: {} });
    const other = t.store.trainingRuns.create({
      name: LONE,
      algorithm: 'sft',
      baseModelId: base.id,
      config: { lr: 1e-5 },
      seed: 3,
      versions: { app: '0.1.0' },
    });
    expect(other).toStrictEqual(t.store.trainingRuns.get(other.id));
    const running = t.store.trainingRuns.setStatus(run.id, 'running')!;
    expect(running).toStrictEqual(t.store.trainingRuns.get(run.id));
    const failed = t.store.trainingRuns.setStatus(run.id, 'failed', LONE)!;
    expect(failed).toStrictEqual(t.store.trainingRuns.get(run.id));
    expect(failed.finishedAt).toBe(failed.updatedAt);
  });

  it('checkpoints.create returns what get returns', () => {
    const run = t.store.trainingRuns.create({ name: 'r', algorithm: 'sft', config: {}, seed: 0 });
    const a = t.store.checkpoints.create({ runId: run.id, step: 10, file: 'c/10', sha256: sha('b') });
    const b = t.store.checkpoints.create({
      runId: run.id,
      step: -0,
      file: LONE,
      sha256: sha('c'),
      metrics: odd,
    });
    for (const c of [a, b]) expect(c).toStrictEqual(t.store.checkpoints.get(c.id));
  });

  it('videos.create returns what get returns', () => {
    const s = t.store.sessions.create({ name: 'v', kind: 'video' });
    const a = t.store.videos.create({ file: 'a.mp4', frameCount: 0, fps: 29.97, width: 640, height: 480 });
    const b = t.store.videos.create({
      sessionId: s.id,
      file: LONE,
      sha256: sha('d'),
      frameCount: -0,
      fps: 30,
      width: -0,
      height: 1.5,
      metadata: odd,
    });
    for (const v of [a, b]) expect(v).toStrictEqual(t.store.videos.get(v.id));
  });

  it('exports.create returns what get returns', () => {
    const s = t.store.sessions.create({ name: 'e', kind: 'pose' });
    const a = t.store.exports.create({ file: 'out.json', format: 'smpl-json' });
    const b = t.store.exports.create({ sessionId: s.id, file: LONE, format: 'bvh', provenance: odd });
    for (const e of [a, b]) expect(e).toStrictEqual(t.store.exports.get(e.id));
  });
});

describe('the checks these tests rely on', () => {
  it('toStrictEqual tells -0 from 0 and a mangled string from the original', () => {
    expect(0).not.toStrictEqual(-0);
    expect({ x: [0] }).not.toStrictEqual({ x: [-0] });
    expect(t.store.sessions.get(t.store.sessions.create({ name: LONE, kind: 'pose' }).id)!.name).not.toBe(LONE);
  });
});
