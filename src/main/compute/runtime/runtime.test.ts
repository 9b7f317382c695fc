import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import {
  availableProviders,
  cachedSessionCount,
  configureRuntime,
  f32,
  f64,
  i64,
  i32,
  bool,
  loadSession,
  ortVersion,
  releaseAll,
  resetRuntimeDefaults,
  runtimeReport,
  RuntimeError,
} from './index';

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** y = (a + b) @ w  with a, b: [batch, 3], w: [3, 2]. */
function addMatMulModel(): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'runtime.test',
    graph: {
      name: 'add_matmul',
      node: [
        { opType: 'Add', input: ['a', 'b'], output: ['s'] },
        { opType: 'MatMul', input: ['s', 'w'], output: ['y'] },
      ],
      input: [valueInfo('a', F, ['batch', 3]), valueInfo('b', F, ['batch', 3]), valueInfo('w', F, [3, 2])],
      output: [valueInfo('y', F, ['batch', 2]), valueInfo('s', F, ['batch', 3])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Casts an int64 input to double and adds 0.5: checks non-float dtypes cross the façade. */
function castModel(): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'cast',
      node: [
        { opType: 'Cast', input: ['x'], output: ['xd'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.DOUBLE }] },
        { opType: 'Add', input: ['xd', 'half'], output: ['y'] },
        { opType: 'Not', input: ['m'], output: ['nm'] },
      ],
      input: [
        valueInfo('x', onnx.TensorProto.DataType.INT64, [4]),
        valueInfo('half', onnx.TensorProto.DataType.DOUBLE, []),
        valueInfo('m', onnx.TensorProto.DataType.BOOL, [2]),
      ],
      output: [valueInfo('y', onnx.TensorProto.DataType.DOUBLE, [4]), valueInfo('nm', onnx.TensorProto.DataType.BOOL, [2])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

afterEach(() => resetRuntimeDefaults());
afterAll(() => releaseAll());

describe('tensor helpers', () => {
  it('builds typed tensors and validates dims', () => {
    expect(f32([1, 2, 3, 4], [2, 2]).data).toBeInstanceOf(Float32Array);
    expect(f64([1], [1]).type).toBe('float64');
    expect(Array.from(i64([1, 2], [2]).data as BigInt64Array)).toEqual([1n, 2n]);
    expect(i32([7], []).dims).toEqual([]);
    expect(Array.from(bool([true, false, 1], [3]).data as Uint8Array)).toEqual([1, 0, 1]);
    expect(() => f32([1, 2, 3], [2, 2])).toThrow(/need 4 elements, data has 3/);
    expect(() => f32([1, 2], [-1, 2])).toThrow(/non-negative integers/);
    expect(() => i64([1.5], [1])).toThrow(/safe integer/);
  });
});

describe('runtime façade', () => {
  it('reports the ORT version and always offers cpu', () => {
    expect(ortVersion()).toMatch(/^\d+\.\d+\.\d+/);
    const av = availableProviders();
    expect(av).toContain('cpu');
    expect(av[av.length - 1]).toBe('cpu');
  });

  it('runs a model and returns correct values', async () => {
    const session = await loadSession(addMatMulModel(), { settings: { providers: ['cpu'], intraOpThreads: 1 } });
    expect(session.inputNames).toEqual(['a', 'b', 'w']);
    expect(session.outputNames).toEqual(['y', 's']);
    expect(session.providers).toEqual(['cpu']);
    const out = await session.run({
      a: f32([1, 2, 3, 4, 5, 6], [2, 3]),
      b: f32([1, 1, 1, 1, 1, 1], [2, 3]),
      w: f32([1, 0, 0, 1, 1, 1], [3, 2]),
    });
    // s = [[2,3,4],[5,6,7]]; y = s @ w = [[2+4, 3+4], [5+7, 6+7]]
    expect(out.y!.dims).toEqual([2, 2]);
    expect(Array.from(out.y!.data as Float32Array)).toEqual([6, 7, 12, 13]);
    expect(Array.from(out.s!.data as Float32Array)).toEqual([2, 3, 4, 5, 6, 7]);

    const onlyY = await session.run(
      { a: f32([0, 0, 0], [1, 3]), b: f32([1, 2, 3], [1, 3]), w: f32([1, 0, 0, 1, 1, 1], [3, 2]) },
      ['y'],
    );
    expect(Object.keys(onlyY)).toEqual(['y']);
    expect(Array.from(onlyY.y!.data as Float32Array)).toEqual([4, 5]);
  });

  it('writes an ORT profile with one event per kernel when profilePrefix is set', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ort-prof-'));
    try {
      const session = await loadSession(addMatMulModel(), {
        key: 'profiled-add-matmul',
        settings: { providers: ['cpu'], intraOpThreads: 1, profilePrefix: path.join(dir, 'trace'), allowSpinning: false },
      });
      const w = f32([1, 0, 0, 1, 1, 1], [3, 2]);
      for (let i = 0; i < 2; i++) await session.run({ a: f32([1, 2, 3], [1, 3]), b: f32([1, 1, 1], [1, 3]), w });
      const file = session.endProfiling();
      expect(file).not.toBeNull();
      const events = JSON.parse(fs.readFileSync(file!, 'utf8')) as { cat: string; name: string; args?: { op_name?: string } }[];
      const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
      expect(kernels.filter((e) => e.args?.op_name === 'MatMul')).toHaveLength(2);
      expect(kernels.filter((e) => e.args?.op_name === 'Add')).toHaveLength(2);
      expect(session.endProfiling()).toBeNull();
      await session.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns null from endProfiling when profiling is off', async () => {
    const session = await loadSession(addMatMulModel(), { settings: { providers: ['cpu'] } });
    expect(session.endProfiling()).toBeNull();
  });

  it('passes int64, float64 and bool tensors through', async () => {
    const session = await loadSession(castModel(), { settings: { providers: ['cpu'] } });
    const out = await session.run({ x: i64([1, 2, 3, -4], [4]), half: f64([0.5], []), m: bool([true, false], [2]) });
    expect(out.y!.type).toBe('float64');
    expect(Array.from(out.y!.data as Float64Array)).toEqual([1.5, 2.5, 3.5, -3.5]);
    expect(out.nm!.type).toBe('bool');
    expect(Array.from(out.nm!.data as Uint8Array)).toEqual([0, 1]);
  });

  it('reuses cached sessions by content hash or explicit key, and forgets released ones', async () => {
    await releaseAll();
    const bytes = addMatMulModel();
    const [s1, s2] = await Promise.all([loadSession(bytes), loadSession(new Uint8Array(bytes))]);
    expect(s1).toBe(s2);
    expect(s1.key).toMatch(/^[0-9a-f]{64}$/);
    const s3 = await loadSession(bytes, { key: 'named' });
    expect(s3).not.toBe(s1);
    expect(s3.key).toBe('named');
    expect(await loadSession(castModel(), { key: 'named' })).toBe(s3);
    expect(cachedSessionCount()).toBe(2);
    await s1.release();
    expect(cachedSessionCount()).toBe(1);
    await expect(s1.run({})).rejects.toMatchObject({ code: 'released' });
    const s4 = await loadSession(bytes);
    expect(s4).not.toBe(s1);
    await releaseAll();
    expect(cachedSessionCount()).toBe(0);
  });

  it('rejects bad feeds with clear errors before reaching ORT', async () => {
    const session = await loadSession(addMatMulModel());
    const w = f32([1, 0, 0, 1, 1, 1], [3, 2]);
    const a = f32([1, 2, 3], [1, 3]);
    await expect(session.run({ a, w })).rejects.toThrow(/missing inputs: b/);
    await expect(session.run({ a, b: a, w, z: a })).rejects.toThrow(/unknown inputs: z/);
    await expect(session.run({ a, b: a, w }, ['nope'])).rejects.toThrow(/unknown outputs: nope/);
    await expect(session.run({ a, b: a, w: f32([1, 2, 3, 4, 5, 6], [2, 3]) })).rejects.toThrow(
      /input "w": dim 0 must be 3/,
    );
    await expect(session.run({ a, b: a, w: f32([1, 2, 3, 4, 5, 6], [6]) })).rejects.toThrow(/expects rank 2/);
    await expect(session.run({ a, b: f64([1, 2, 3], [1, 3]), w })).rejects.toThrow(/expects float32, got float64/);
    const lying = { type: 'float32' as const, data: new Float32Array(2), dims: [1, 3] };
    await expect(session.run({ a, b: lying, w })).rejects.toBeInstanceOf(RuntimeError);
    // A shape mismatch only ORT can see (symbolic batch differs between a and b) surfaces as run_failed.
    await expect(session.run({ a, b: f32([1, 2, 3, 4, 5, 6], [2, 3]), w })).resolves.toBeDefined(); // broadcasts 1→2
    await expect(
      session.run({ a: f32(new Float32Array(6), [2, 3]), b: f32(new Float32Array(9), [3, 3]), w }),
    ).rejects.toMatchObject({ code: 'run_failed' });
  });

  it('reports configured threads, available and active providers', async () => {
    configureRuntime({ intraOpThreads: 2, interOpThreads: 1 });
    await loadSession(addMatMulModel(), { key: 'report' });
    const r = runtimeReport();
    expect(r.ort).toBe(ortVersion());
    expect(r.available).toEqual(availableProviders());
    expect(r.active).toContain('cpu');
    expect(r.intraOpThreads).toBe(2);
    expect(r.interOpThreads).toBe(1);
    expect(Array.isArray(r.fallbacks)).toBe(true);
    expect(() => configureRuntime({ intraOpThreads: 0 })).toThrow(RangeError);
  });

  it('fails to load garbage with a load_failed error', async () => {
    await expect(loadSession(new Uint8Array([1, 2, 3, 4]), { settings: { providers: ['cpu'] } })).rejects.toMatchObject({
      code: 'load_failed',
    });
    const r = runtimeReport();
    expect(r.fallbacks.some((f) => f.provider === 'cpu')).toBe(true);
  });
});
