import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CheckpointError,
  decodeSafetensors,
  encodeSafetensors,
  loadCheckpoint,
  loadParams,
  readSafetensors,
  saveCheckpoint,
  saveParams,
  writeSafetensors,
  type TensorLike,
} from './checkpoint';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function sample(): Record<string, TensorLike> {
  return {
    'layers.0.w': { type: 'float32', dims: [2, 3], data: new Float32Array([1.5, -2, 3.25, 0, 1e-7, -1e30]) },
    'layers.0.b': { type: 'float32', dims: [3], data: new Float32Array([0.1, 0.2, 0.3]) },
    scale: { type: 'float64', dims: [], data: new Float64Array([Math.PI]) },
    step: { type: 'int64', dims: [1], data: new BigInt64Array([9007199254740993n]) },
    ids: { type: 'int32', dims: [2, 2], data: new Int32Array([1, -2, 2147483647, -2147483648]) },
    mask: { type: 'bool', dims: [3], data: new Uint8Array([1, 0, 1]) },
    empty: { type: 'float32', dims: [0, 4], data: new Float32Array(0) },
  };
}

function headerOf(bytes: Uint8Array): { len: number; json: Record<string, unknown> } {
  const len = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { len, json: JSON.parse(Buffer.from(bytes.subarray(8, 8 + len)).toString('utf8')) };
}

describe('safetensors encoding', () => {
  it('round-trips every dtype, shape and metadata exactly', () => {
    const file = path.join(tmp, 'a.safetensors');
    writeSafetensors(file, sample(), { format: 'pt', note: 'hello' });
    const back = readSafetensors(file);
    expect(back.metadata).toEqual({ format: 'pt', note: 'hello' });
    const want = sample();
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(want).sort());
    for (const [name, t] of Object.entries(want)) {
      const got = back.tensors[name]!;
      expect(got.type).toBe(t.type);
      expect(got.dims).toEqual(t.dims);
      expect(got.data.constructor).toBe(t.data.constructor);
      expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength)).toEqual(
        Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      );
    }
    // No temp files left next to the target.
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('follows the exact layout: u64 LE header length, space-padded 8-aligned JSON, tiled offsets', () => {
    const bytes = encodeSafetensors(sample(), { k: 'v' });
    const { len, json } = headerOf(bytes);
    expect(len % 8).toBe(0);
    const raw = Buffer.from(bytes.subarray(8, 8 + len)).toString('utf8');
    expect(raw.trimEnd().endsWith('}')).toBe(true);
    expect(/^ *$/.test(raw.slice(raw.lastIndexOf('}') + 1))).toBe(true);
    expect(json.__metadata__).toEqual({ k: 'v' });
    const w = json['layers.0.w'] as { dtype: string; shape: number[]; data_offsets: [number, number] };
    expect(w.dtype).toBe('F32');
    expect(w.shape).toEqual([2, 3]);
    expect(w.data_offsets[1] - w.data_offsets[0]).toBe(24);
    expect((json.mask as { dtype: string }).dtype).toBe('BOOL');
    expect((json.step as { dtype: string }).dtype).toBe('I64');
    // Each tensor starts aligned to its element size.
    for (const [name, e] of Object.entries(json)) {
      if (name === '__metadata__') continue;
      const { dtype, data_offsets } = e as { dtype: string; data_offsets: [number, number] };
      const size = { F64: 8, I64: 8, F32: 4, I32: 4, BOOL: 1 }[dtype]!;
      expect((8 + len + data_offsets[0]) % size).toBe(0);
    }
    expect(bytes.byteLength).toBe(8 + len + 24 + 12 + 8 + 8 + 16 + 3);
  });

  it('rejects tensors whose data disagrees with dims or dtype', () => {
    expect(() => encodeSafetensors({ x: { type: 'float32', dims: [2, 2], data: new Float32Array(3) } })).toThrow(
      CheckpointError,
    );
    expect(() => encodeSafetensors({ x: { type: 'float32', dims: [2], data: new Float64Array(2) } })).toThrow(
      /Float64Array/,
    );
  });
});

describe('malformed safetensors', () => {
  const good = encodeSafetensors({ x: { type: 'float32', dims: [2], data: new Float32Array([1, 2]) } });
  const withHeader = (h: unknown, data = new Uint8Array(8)): Uint8Array => {
    const json = Buffer.from(JSON.stringify(h));
    const out = new Uint8Array(8 + json.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(data, 8 + json.length);
    return out;
  };

  it('gives clear errors', () => {
    expect(() => decodeSafetensors(new Uint8Array(3))).toThrow(/too short/);
    const huge = good.slice();
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => decodeSafetensors(huge)).toThrow(/header length .* exceeds/);
    const bad = good.slice();
    bad[8] = 0x41; // clobber the '{'
    expect(() => decodeSafetensors(bad)).toThrow(/not valid JSON/);
    expect(() => decodeSafetensors(withHeader([1, 2]))).toThrow(/must be a JSON object/);
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F16', shape: [4], data_offsets: [0, 8] } }))).toThrow(
      /unsupported dtype "F16"/,
    );
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }))).toThrow(
      /needs 12 bytes, offsets span 8/,
    );
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }))).toThrow(
      /outside the 8-byte data section/,
    );
    expect(() =>
      decodeSafetensors(
        withHeader({
          x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
          y: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        }),
      ),
    ).toThrow(/hole or overlap/);
    expect(() => decodeSafetensors(withHeader({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }))).toThrow(
      /4 trailing bytes/,
    );
    expect(() => decodeSafetensors(withHeader({ __metadata__: { a: 1 } }, new Uint8Array(0)))).toThrow(
      /__metadata__.a must be a string/,
    );
  });

  it('names the file in read errors', () => {
    const file = path.join(tmp, 'trunc.safetensors');
    fs.writeFileSync(file, good.subarray(0, good.length - 4));
    expect(() => readSafetensors(file)).toThrow(new RegExp(`${file}: .*`));
    expect(() => readSafetensors(path.join(tmp, 'missing.safetensors'))).toThrow(/cannot read/);
  });
});

describe('checkpoint directories', () => {
  it('saves and loads config + weights, replacing an existing checkpoint whole', () => {
    const dir = path.join(tmp, 'run1', 'step-10');
    const config = { model: 'tiny', layers: 2, dims: [4, 8], nested: { lr: 3e-4 } };
    saveCheckpoint(dir, { config, tensors: sample(), metadata: { step: '10' } });
    expect(fs.readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors']);
    const back = loadCheckpoint<typeof config>(dir);
    expect(back.config).toEqual(config);
    expect(back.metadata).toEqual({ step: '10' });
    expect(Array.from(back.tensors['layers.0.b']!.data as Float32Array)).toEqual(
      Array.from(new Float32Array([0.1, 0.2, 0.3])),
    );

    saveCheckpoint(dir, {
      config: { model: 'tiny', layers: 3 },
      tensors: { w: { type: 'float32', dims: [1], data: new Float32Array([7]) } },
    });
    const again = loadCheckpoint(dir);
    expect(again.config).toEqual({ model: 'tiny', layers: 3 });
    expect(Object.keys(again.tensors)).toEqual(['w']);
    expect(again.metadata).toEqual({});
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['step-10']);
  });

  it('reports a missing or broken config clearly', () => {
    const dir = path.join(tmp, 'broken');
    saveCheckpoint(dir, { config: {}, tensors: {} });
    fs.writeFileSync(path.join(dir, 'config.json'), '{nope');
    expect(() => loadCheckpoint(dir)).toThrow(/config.json: cannot read config/);
    expect(() => loadCheckpoint(path.join(tmp, 'nothing'))).toThrow(CheckpointError);
  });
});

const PY = '/usr/bin/python3';
const pyCheck = fs.existsSync(PY) ? spawnSync(PY, ['-c', 'import numpy'], { encoding: 'utf8' }) : null;
const pySkip = !pyCheck
  ? `${PY} is absent`
  : pyCheck.status !== 0
    ? `numpy is not importable by ${PY}`
    : null;

describe('interoperability with Python + numpy', () => {
  if (pySkip) console.warn(`skipping numpy safetensors test: ${pySkip}`);
  it.skipIf(pySkip !== null)('numpy reads our file with nothing but json + frombuffer', () => {
    const file = path.join(tmp, 'py.safetensors');
    writeSafetensors(file, sample(), { creator: 'pose-rft' });
    const script = `
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n])
data = raw[8 + n:]
kinds = {'F32': '<f4', 'F64': '<f8', 'I64': '<i8', 'I32': '<i4', 'BOOL': '?'}
out = {'__metadata__': header.pop('__metadata__', {})}
for name, e in header.items():
    b, end = e['data_offsets']
    arr = np.frombuffer(data[b:end], dtype=kinds[e['dtype']]).reshape(e['shape'])
    out[name] = {'shape': list(arr.shape), 'values': [str(v) if e['dtype'] == 'I64' else v for v in arr.ravel().tolist()]}
print(json.dumps(out))
`;
    const r = spawnSync(PY, ['-c', script, file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as Record<string, { shape: number[]; values: unknown[] }> & {
      __metadata__: Record<string, string>;
    };
    expect(got.__metadata__).toEqual({ creator: 'pose-rft' });
    for (const [name, t] of Object.entries(sample())) {
      expect(got[name]!.shape).toEqual(t.dims);
      const want =
        t.type === 'int64'
          ? Array.from(t.data as BigInt64Array, (v) => v.toString())
          : t.type === 'bool'
            ? Array.from(t.data as Uint8Array, (v) => v === 1)
            : Array.from(t.data as Float32Array);
      expect(got[name]!.values).toEqual(want);
    }
  });
});

describe('parameter stores', () => {
  it('saves a ParamStore and loads it back into a fresh one, checking names', async () => {
    const { Graph, ParamStore } = await import('./index');
    const g = new Graph();
    g.param('enc.w', [3, 4], { init: { normal: 1 } });
    g.param('enc.b', [4], { init: 'ones' });
    const store = ParamStore.init(g, 7);
    const dir = path.join(tmp, 'params');
    saveParams(dir, store, { kind: 'test' }, { step: '3' });
    const fresh = new ParamStore('float32');
    const { config, metadata } = loadParams<{ kind: string }>(dir, fresh, g.params.keys());
    expect(config.kind).toBe('test');
    expect(metadata).toEqual({ step: '3' });
    expect(fresh.get('enc.w').shape).toEqual([3, 4]);
    expect(Array.from(fresh.get('enc.w').data)).toEqual(Array.from(store.get('enc.w').data));
    expect(() => loadParams(dir, new ParamStore('float32'), ['enc.w', 'dec.w'])).toThrow(
      /missing: dec.w; unexpected: enc.b/,
    );
    expect(() => loadParams(dir, new ParamStore('float64'))).toThrow(/is float32, the store holds float64/);
  });
});
