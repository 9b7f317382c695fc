import { describe, expect, it } from 'vitest';
import { useTempStore } from './test-helpers';

const t = useTempStore();

const sha = (c: string) => c.repeat(64);
const vec = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => i * 0.01 + k);

function fixture() {
  const session = t.store.sessions.create({ name: 'gen', kind: 'generate' });
  const model = t.store.models.create({
    name: 'policy-v1',
    kind: 'policy',
    file: 'models/policy.onnx',
    sha256: sha('a'),
  });
  const { generation, candidates } = t.store.generations.createWithCandidates(
    {
      sessionId: session.id,
      prompt: 'kneeling, arms raised',
      modelId: model.id,
      model: 'policy-v1',
      seed: 7,
      settings: { G: 3, temperature: 0.8 },
    },
    [0, 1, 2].map((k) => ({
      pose: vec(66, k),
      mu: vec(66, k),
      sigma: vec(22, 0.1),
      poseLogProb: -10 - k,
      rewards: { semantic: 0.5 + k / 10 },
    })),
  );
  return { session, model, generation, candidates };
}

describe('generations and candidates', () => {
  it('stores a generation with its candidates and reads them back', () => {
    const { session, model, generation, candidates } = fixture();
    expect(generation).toMatchObject({
      sessionId: session.id,
      modelId: model.id,
      seed: 7,
      settings: { G: 3, temperature: 0.8 },
    });
    expect(candidates.map((c) => c.idx)).toEqual([0, 1, 2]);
    const back = t.store.candidates.list(generation.id);
    expect(back).toEqual(candidates);
    expect(back[1]!.pose).toBeInstanceOf(Float32Array);
    expect(Array.from(back[1]!.pose!)).toEqual(Array.from(vec(66, 1)));
    expect(back[2]).toMatchObject({ poseLogProb: -12, textLogProb: null, answer: '', formatValid: true, rewards: { semantic: 0.7 }, rank: null, picked: false });
    expect(t.store.generations.list({ sessionId: session.id }).map((g) => g.id)).toEqual([generation.id]);
    expect(t.store.generations.get('nope')).toBeNull();
  });

  it('insertMany is all or nothing', () => {
    const { generation } = fixture();
    // idx 5 is fine, the second idx 0 collides with an existing candidate: nothing of the batch stays.
    expect(() =>
      t.store.candidates.insertMany(generation.id, [
        { idx: 5, pose: vec(66, 5) },
        { idx: 0, pose: vec(66, 6) },
      ]),
    ).toThrow(/UNIQUE/);
    expect(t.store.candidates.list(generation.id).map((c) => c.idx)).toEqual([0, 1, 2]);
    // And a whole generation with a failing candidate leaves no generation either.
    expect(() =>
      t.store.generations.createWithCandidates({ prompt: 'x', model: 'm', seed: 1 }, [
        { pose: vec(3, 0) },
        { idx: 0, pose: vec(3, 1) },
      ]),
    ).toThrow(/UNIQUE/);
    expect(t.store.generations.list().filter((g) => g.prompt === 'x')).toEqual([]);
  });

  it('stores whole answers: text, log-probabilities, format validity, and candidates without a pose', () => {
    const { generation } = fixture();
    const [withPose, without] = t.store.candidates.insertMany(generation.id, [
      { idx: 3, answer: 'Here is the pose: <POSE>.', pose: vec(66, 2), textLogProb: -1.25, poseLogProb: -40, formatValid: true },
      { idx: 4, answer: 'I cannot.', pose: null, textLogProb: -7.5, formatValid: false },
    ]);
    expect(t.store.candidates.get(withPose!.id)).toEqual(withPose);
    expect(t.store.candidates.get(without!.id)).toMatchObject({ answer: 'I cannot.', pose: null, mu: null, textLogProb: -7.5, poseLogProb: null, formatValid: false });
  });

  it('records ranks and picks', () => {
    const { generation, candidates } = fixture();
    const [a, b, c] = candidates as [(typeof candidates)[0], (typeof candidates)[0], (typeof candidates)[0]];
    expect(t.store.candidates.setRanks(generation.id, { [b.id]: 1, [a.id]: 2, [c.id]: 3 })).toBe(3);
    expect(t.store.candidates.setPicked(b.id, true)).toBe(true);
    expect(t.store.candidates.setPicked('nope', true)).toBe(false);
    // A candidate of another generation is not touched through this generation.
    expect(t.store.candidates.setRanks('other', { [a.id]: 9 })).toBe(0);
    expect(t.store.candidates.list(generation.id).map((x) => [x.rank, x.picked])).toEqual([
      [2, false],
      [1, true],
      [3, false],
    ]);
  });
});

describe('videos and frame estimates', () => {
  it('upserts estimates, keeps corrections, reads ranges', () => {
    const v = t.store.videos.create({ file: '/videos/a.mp4', frameCount: 4, fps: 30, width: 640, height: 480 });
    const frames = [0, 1, 2, 3].map((f) => ({
      frame: f,
      timeS: f / 30,
      pose: vec(66, f),
      landmarks: vec(132, f),
      confidence: 0.9,
    }));
    expect(t.store.frameEstimates.upsertMany(v.id, frames)).toBe(4);
    expect(t.store.frameEstimates.correct(v.id, 2, vec(66, 100))).toBe(true);
    expect(t.store.frameEstimates.setFlagged(v.id, 1, true)).toBe(true);
    expect(t.store.frameEstimates.correct(v.id, 99, vec(66, 0))).toBe(false);
    // Re-running inference on frame 2 replaces the estimate but not the correction.
    t.store.frameEstimates.upsertMany(v.id, [{ frame: 2, timeS: 2 / 30, pose: vec(66, 50), confidence: 0.5 }]);
    const f2 = t.store.frameEstimates.get(v.id, 2)!;
    expect(f2.confidence).toBe(0.5);
    expect(f2.pose[0]).toBe(Math.fround(50));
    expect(f2.landmarks).toBeNull();
    expect(f2.correctedPose?.[0]).toBe(100);
    expect(t.store.frameEstimates.list(v.id, { from: 1, to: 2 }).map((f) => [f.frame, f.flagged])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(t.store.frameEstimates.count(v.id)).toBe(4);
    expect(t.store.frameEstimates.get(v.id, 42)).toBeNull();
    expect(t.store.frameEstimates.counts(v.id)).toEqual({ estimated: 4, flagged: 1 });
    expect(t.store.frameEstimates.counts('no-such-video')).toEqual({ estimated: 0, flagged: 0 });
  });
});

describe('training runs, metrics and checkpoints', () => {
  it('records a run, its metrics (resume replaces repeated steps) and checkpoints', () => {
    const run = t.store.trainingRuns.create({
      name: 'r1',
      algorithm: 'hygrpo',
      config: { lr: 1e-5, G: 8 },
      seed: 3,
      versions: { app: '0.1.0' },
    });
    expect(run).toMatchObject({ status: 'pending', finishedAt: null, config: { lr: 1e-5, G: 8 } });
    t.store.runMetrics.insertMany(run.id, [
      { step: 0, name: 'reward', value: 0.1 },
      { step: 0, name: 'kl', value: 0 },
      { step: 1, name: 'reward', value: 0.2 },
      { step: 2, name: 'loss', value: Number.NaN },
    ]);
    t.store.runMetrics.insertMany(run.id, [{ step: 1, name: 'reward', value: 0.25 }]);
    expect(t.store.runMetrics.list(run.id, { name: 'reward' }).map((m) => [m.step, m.value])).toEqual([
      [0, 0.1],
      [1, 0.25],
    ]);
    expect(t.store.runMetrics.list(run.id, { fromStep: 2 })).toMatchObject([
      { step: 2, name: 'loss', value: null },
    ]);
    expect(t.store.runMetrics.names(run.id)).toEqual(['kl', 'loss', 'reward']);
    expect(t.store.runMetrics.lastStep(run.id)).toBe(2);
    expect(t.store.runMetrics.lastStep('nope')).toBeNull();

    t.store.checkpoints.create({ runId: run.id, step: 10, file: 'ckpt/10.safetensors', sha256: sha('b') });
    const c20 = t.store.checkpoints.create({
      runId: run.id,
      step: 20,
      file: 'ckpt/20.safetensors',
      sha256: sha('c'),
      metrics: { reward: 0.3 },
    });
    expect(t.store.checkpoints.latest(run.id)).toEqual(c20);
    expect(t.store.checkpoints.list(run.id).map((c) => c.step)).toEqual([10, 20]);
    // put: a repeated step replaces its record (same step, new file), no second row.
    const again = t.store.checkpoints.put({ runId: run.id, step: 20, file: 'ckpt/20b', sha256: sha('d') });
    expect(again).toMatchObject({ step: 20, file: 'ckpt/20b', sha256: sha('d'), metrics: {} });
    expect(t.store.checkpoints.list(run.id).map((c) => [c.step, c.file])).toEqual([
      [10, 'ckpt/10.safetensors'],
      [20, 'ckpt/20b'],
    ]);
    // deleteAfter: a resume from step 1 drops step 2's metrics only.
    const after1 = t.store.runMetrics.list(run.id, { fromStep: 2 }).length;
    expect(after1).toBeGreaterThan(0);
    expect(t.store.runMetrics.deleteAfter(run.id, 1)).toBe(after1);
    expect(t.store.runMetrics.lastStep(run.id)).toBe(1);

    expect(t.store.trainingRuns.setStatus(run.id, 'running')!.finishedAt).toBeNull();
    const failed = t.store.trainingRuns.setStatus(run.id, 'failed', 'loss diverged')!;
    expect(failed).toMatchObject({ status: 'failed', error: 'loss diverged' });
    expect(failed.finishedAt).not.toBeNull();
    expect(t.store.trainingRuns.setStatus('nope', 'running')).toBeNull();
    expect(t.store.trainingRuns.list({ status: 'failed' }).map((r) => r.id)).toEqual([run.id]);
  });
});

describe('models and exports', () => {
  it('tracks lineage and one active model per kind', () => {
    const base = t.store.models.create({ name: 'base', kind: 'policy', file: 'a.onnx', sha256: sha('1') });
    const tuned = t.store.models.create({
      name: 'tuned',
      kind: 'policy',
      file: 'b.onnx',
      sha256: sha('2'),
      parentId: base.id,
      metadata: { run: 'r1' },
    });
    const retr = t.store.models.create({
      name: 'retrieval',
      kind: 'retrieval',
      file: 'r.onnx',
      sha256: sha('3'),
    });
    expect(tuned.parentId).toBe(base.id);
    expect(t.store.models.setActive(base.id)).toBe(true);
    expect(t.store.models.setActive(retr.id)).toBe(true);
    expect(t.store.models.setActive(tuned.id)).toBe(true);
    expect(t.store.models.setActive('nope')).toBe(false);
    expect(t.store.models.active('policy')?.id).toBe(tuned.id);
    expect(t.store.models.active('retrieval')?.id).toBe(retr.id);
    expect(t.store.models.list({ kind: 'policy' }).map((m) => [m.name, m.active])).toEqual([
      ['base', false],
      ['tuned', true],
    ]);
    expect(t.store.models.findBySha256(sha('2')).map((m) => m.id)).toEqual([tuned.id]);
    // Clearing one kind leaves the other kinds' active models alone.
    expect(t.store.models.clearActive('policy')).toBe(true);
    expect(t.store.models.clearActive('policy')).toBe(false);
    expect(t.store.models.active('policy')).toBeNull();
    expect(t.store.models.active('retrieval')?.id).toBe(retr.id);
    expect(() => t.store.models.create({ name: 'bad', kind: 'policy', file: 'x', sha256: 'short' })).toThrow(
      /CHECK/,
    );
  });

  it('records exports with provenance', () => {
    const s = t.store.sessions.create({ name: 's', kind: 'pose' });
    const e = t.store.exports.create({
      sessionId: s.id,
      file: '/out/pose.bvh',
      format: 'bvh',
      provenance: { editId: 'e1', model: 'policy-v1' },
    });
    expect(t.store.exports.get(e.id)).toEqual(e);
    expect(t.store.exports.list({ sessionId: s.id })).toEqual([e]);
    expect(t.store.exports.get('nope')).toBeNull();
  });
});

describe('cascades', () => {
  it('deleting a session removes its edits, generations, candidates, videos and frames; exports keep a null session', () => {
    const { session, model, generation, candidates } = fixture();
    t.store.edits.save({ sessionId: session.id, pose: Array.from(vec(66, 0)), note: '' });
    const video = t.store.videos.create({
      sessionId: session.id,
      file: 'v.mp4',
      frameCount: 1,
      fps: 25,
      width: 1,
      height: 1,
    });
    t.store.frameEstimates.upsertMany(video.id, [{ frame: 0, timeS: 0, pose: vec(66, 0) }]);
    const exp = t.store.exports.create({ sessionId: session.id, file: 'out.json', format: 'smpl-json' });
    const other = t.store.sessions.create({ name: 'other', kind: 'pose' });
    t.store.edits.save({ sessionId: other.id, pose: [1, 2, 3], note: 'keep' });

    expect(t.store.sessions.delete(session.id)).toBe(true);
    expect(t.store.edits.list(session.id)).toEqual([]);
    expect(t.store.generations.get(generation.id)).toBeNull();
    expect(t.store.candidates.get(candidates[0]!.id)).toBeNull();
    expect(t.store.videos.get(video.id)).toBeNull();
    expect(t.store.frameEstimates.count(video.id)).toBe(0);
    expect(t.store.exports.get(exp.id)?.sessionId).toBeNull();
    expect(t.store.models.get(model.id)).not.toBeNull();
    expect(t.store.edits.list(other.id)).toHaveLength(1);
  });

  it('deleting a model nulls references; deleting a run removes its metrics and checkpoints', () => {
    const { model, generation } = fixture();
    const child = t.store.models.create({
      name: 'c',
      kind: 'policy',
      file: 'c',
      sha256: sha('d'),
      parentId: model.id,
    });
    const run = t.store.trainingRuns.create({
      name: 'r',
      algorithm: 'sft',
      baseModelId: model.id,
      config: {},
      seed: 0,
    });
    t.store.runMetrics.insertMany(run.id, [{ step: 0, name: 'loss', value: 1 }]);
    const ck = t.store.checkpoints.create({ runId: run.id, step: 0, file: 'c0', sha256: sha('e') });

    expect(t.store.models.delete(model.id)).toBe(true);
    expect(t.store.models.get(child.id)?.parentId).toBeNull();
    expect(t.store.generations.get(generation.id)).toMatchObject({ modelId: null, model: 'policy-v1' });
    expect(t.store.trainingRuns.get(run.id)?.baseModelId).toBeNull();

    expect(t.store.trainingRuns.delete(run.id)).toBe(true);
    expect(t.store.runMetrics.list(run.id)).toEqual([]);
    expect(t.store.checkpoints.get(ck.id)).toBeNull();
    expect(t.store.trainingRuns.delete(run.id)).toBe(false);
  });
});
