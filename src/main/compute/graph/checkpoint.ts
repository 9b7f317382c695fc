/**
 * Checkpoints as safetensors (https://github.com/huggingface/safetensors format) plus a JSON config, so Python
 * users can load weights with nothing but a JSON parser and numpy.
 *
 * File layout: u64 little-endian header length N, N bytes of UTF-8 JSON (padded with spaces so the data starts
 * 8-byte aligned), then the raw little-endian tensor bytes addressed by each entry's data_offsets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DType, HostTensor, TensorArray } from '../runtime';

export interface TensorLike {
  type: DType;
  dims: readonly number[];
  data: TensorArray;
}

export interface SafetensorsFile {
  tensors: Record<string, HostTensor>;
  metadata: Record<string, string>;
}

export interface Checkpoint<C = unknown> {
  config: C;
  tensors: Record<string, TensorLike>;
  metadata?: Record<string, string>;
}

export class CheckpointError extends Error {
  readonly code = 'bad_checkpoint' as const;
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'CheckpointError';
  }
}

const CODES: Record<DType, { code: string; bytes: number }> = {
  float64: { code: 'F64', bytes: 8 },
  int64: { code: 'I64', bytes: 8 },
  float32: { code: 'F32', bytes: 4 },
  int32: { code: 'I32', bytes: 4 },
  bool: { code: 'BOOL', bytes: 1 },
};
const FROM_CODE: Record<string, DType> = { F64: 'float64', I64: 'int64', F32: 'float32', I32: 'int32', BOOL: 'bool' };

/** Guards against absurd headers in corrupt files before we try to allocate or parse them. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

function assertLittleEndian(): void {
  if (os.endianness() !== 'LE') throw new CheckpointError('safetensors I/O needs a little-endian host');
}

function countOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function arrayFor(type: DType, bytes: Uint8Array): TensorArray {
  // Copy into a fresh, aligned buffer: the caller owns the result and the file buffer can be dropped.
  // (Buffer#slice returns a view, so copy explicitly.)
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const buf = copy.buffer;
  switch (type) {
    case 'float64':
      return new Float64Array(buf);
    case 'int64':
      return new BigInt64Array(buf);
    case 'float32':
      return new Float32Array(buf);
    case 'int32':
      return new Int32Array(buf);
    case 'bool':
      return new Uint8Array(buf);
  }
}

/** Encodes tensors as one safetensors byte buffer. */
export function encodeSafetensors(tensors: Record<string, TensorLike>, metadata?: Record<string, string>): Uint8Array {
  assertLittleEndian();
  // Wider dtypes first so every tensor starts at an offset aligned to its element size.
  const names = Object.keys(tensors).sort((a, b) => {
    const wa = CODES[tensors[a]!.type]?.bytes ?? 0;
    const wb = CODES[tensors[b]!.type]?.bytes ?? 0;
    return wb - wa || (a < b ? -1 : a > b ? 1 : 0);
  });
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new CheckpointError(`metadata "${k}" must be a string`);
    }
    header.__metadata__ = { ...metadata };
  }
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const name of names) {
    if (name === '__metadata__') throw new CheckpointError('"__metadata__" is reserved and cannot name a tensor');
    const t = tensors[name]!;
    const spec = CODES[t.type];
    if (!spec) throw new CheckpointError(`tensor "${name}": unsupported dtype ${String(t.type)}`);
    const n = countOf(t.dims);
    if (t.dims.some((d) => !Number.isInteger(d) || d < 0) || n !== t.data.length) {
      throw new CheckpointError(`tensor "${name}": dims [${t.dims.join(', ')}] do not match ${t.data.length} elements`);
    }
    if (t.data.BYTES_PER_ELEMENT !== spec.bytes) {
      throw new CheckpointError(`tensor "${name}": ${t.type} data stored in ${t.data.constructor.name}`);
    }
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    header[name] = { dtype: spec.code, shape: [...t.dims], data_offsets: [offset, offset + bytes.byteLength] };
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Decodes a safetensors byte buffer, checking every structural rule of the format. */
export function decodeSafetensors(bytes: Uint8Array, file?: string): SafetensorsFile {
  assertLittleEndian();
  const fail = (m: string): never => {
    throw new CheckpointError(m, file);
  };
  if (bytes.byteLength < 8) fail(`too short for a safetensors file (${bytes.byteLength} bytes)`);
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLen > BigInt(Math.min(MAX_HEADER_BYTES, bytes.byteLength - 8))) {
    fail(`header length ${headerLen} exceeds the file (${bytes.byteLength} bytes)`);
  }
  const n = Number(headerLen);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 8, n).toString('utf8');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header must be a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.byteLength - dataStart;
  const tensors: Record<string, HostTensor> = {};
  let metadata: Record<string, string> = {};
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('__metadata__ must be an object');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string`);
      }
      metadata = { ...(raw as Record<string, string>) };
      continue;
    }
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof entry !== 'object' || entry === null) fail(`tensor "${name}": entry must be an object`);
    const type = typeof entry.dtype === 'string' ? FROM_CODE[entry.dtype] : undefined;
    if (!type) fail(`tensor "${name}": unsupported dtype ${JSON.stringify(entry.dtype)}`);
    const shape = entry.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      fail(`tensor "${name}": shape must be an array of non-negative integers`);
    }
    const offs = entry.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || offs.some((d) => !Number.isInteger(d) || d < 0)) {
      fail(`tensor "${name}": data_offsets must be [begin, end]`);
    }
    const [begin, end] = offs as [number, number];
    if (begin > end || end > dataLen) {
      fail(`tensor "${name}": data_offsets [${begin}, ${end}] outside the ${dataLen}-byte data section`);
    }
    const dims = shape as number[];
    const want = countOf(dims) * CODES[type!].bytes;
    if (end - begin !== want) {
      fail(`tensor "${name}": shape [${dims.join(', ')}] ${type} needs ${want} bytes, offsets span ${end - begin}`);
    }
    spans.push([begin, end, name]);
    tensors[name] = {
      type: type!,
      dims,
      data: arrayFor(type!, bytes.subarray(dataStart + begin, dataStart + end)),
    };
  }
  // The format forbids holes and overlaps: the entries must tile the data section exactly.
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cursor = 0;
  for (const [b, e, name] of spans) {
    if (b !== cursor) fail(`tensor "${name}": data starts at ${b}, expected ${cursor} (hole or overlap)`);
    cursor = e;
  }
  if (cursor !== dataLen) fail(`data section has ${dataLen - cursor} trailing bytes not owned by any tensor`);
  return { tensors, metadata };
}

function tempName(target: string): string {
  return `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function writeFileSynced(file: string, data: Uint8Array | string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes bytes to `target` atomically: readers see the old file or the new one, never a torn write. */
export function writeFileAtomic(target: string, data: Uint8Array | string): void {
  const tmp = tempName(target);
  try {
    writeFileSynced(tmp, data);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeSafetensors(
  file: string,
  tensors: Record<string, TensorLike>,
  metadata?: Record<string, string>,
): void {
  writeFileAtomic(file, encodeSafetensors(tensors, metadata));
}

export function readSafetensors(file: string): SafetensorsFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new CheckpointError(`cannot read (${e instanceof Error ? e.message : String(e)})`, file);
  }
  return decodeSafetensors(bytes, file);
}

export const WEIGHTS_FILE = 'model.safetensors';
export const CONFIG_FILE = 'config.json';

/**
 * Writes `dir/model.safetensors` and `dir/config.json` as one unit: both go into a staging directory that then
 * replaces `dir` by rename, so a crash never leaves weights from one save next to the config of another.
 */
/**
 * Fills a staging directory beside `target` with `write`, then renames it into place: readers see the old directory
 * or the whole new one, and a process killed midway leaves only a `.tmp-*` directory beside it (never read).
 */
export function writeDirectoryAtomic(target: string, write: (staging: string) => void): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = tempName(target);
  fs.mkdirSync(staging);
  try {
    write(staging);
    if (fs.existsSync(target)) {
      const old = `${target}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
      fs.renameSync(target, old);
      fs.renameSync(staging, target);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(staging, target);
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

export function saveCheckpoint(dir: string, ckpt: Checkpoint): void {
  const configText = JSON.stringify(ckpt.config ?? null, null, 2);
  if (configText === undefined) throw new CheckpointError('config is not JSON-serialisable');
  const weights = encodeSafetensors(ckpt.tensors, ckpt.metadata);
  writeDirectoryAtomic(path.resolve(dir), (staging) => {
    writeFileSynced(path.join(staging, WEIGHTS_FILE), weights);
    writeFileSynced(path.join(staging, CONFIG_FILE), configText + '\n');
  });
}

export function loadCheckpoint<C = unknown>(dir: string): { config: C; tensors: Record<string, HostTensor>; metadata: Record<string, string> } {
  const configPath = path.join(dir, CONFIG_FILE);
  let config: C;
  try {
    config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as C;
  } catch (e) {
    throw new CheckpointError(`cannot read config (${e instanceof Error ? e.message : String(e)})`, configPath);
  }
  const { tensors, metadata } = readSafetensors(path.join(dir, WEIGHTS_FILE));
  return { config, tensors, metadata };
}

/** What saveParams/loadParams need from a parameter store (ParamStore satisfies it). */
export interface ParamSource {
  names(): string[];
  tensor(name: string): HostTensor;
}
export interface ParamSink {
  readonly dtype: 'float32' | 'float64';
  set(name: string, data: Float32Array | Float64Array, shape?: readonly number[]): void;
}

/** Saves every parameter of `store` (names as tensor names) with `config` as one checkpoint directory. */
export function saveParams(dir: string, store: ParamSource, config: unknown, metadata?: Record<string, string>): void {
  const tensors: Record<string, TensorLike> = {};
  for (const name of store.names()) tensors[name] = store.tensor(name);
  saveCheckpoint(dir, metadata ? { config, tensors, metadata } : { config, tensors });
}

/**
 * Loads a checkpoint's tensors into `store` (which must hold the same float dtype) and returns the config.
 * `expected` (e.g. a graph's parameter names) makes missing or unexpected tensors an error instead of silent.
 */
export function loadParams<C = unknown>(
  dir: string,
  store: ParamSink,
  expected?: Iterable<string>,
): { config: C; metadata: Record<string, string> } {
  const { config, tensors, metadata } = loadCheckpoint<C>(dir);
  if (expected) {
    const want = new Set(expected);
    const missing = [...want].filter((n) => !(n in tensors));
    const extra = Object.keys(tensors).filter((n) => !want.has(n));
    if (missing.length || extra.length) {
      throw new CheckpointError(
        `parameters do not match the model (missing: ${missing.join(', ') || 'none'}; unexpected: ${extra.join(', ') || 'none'})`,
        dir,
      );
    }
  }
  for (const [name, t] of Object.entries(tensors)) {
    if (t.type !== store.dtype) throw new CheckpointError(`tensor "${name}" is ${t.type}, the store holds ${store.dtype}`, dir);
    store.set(name, t.data as Float32Array | Float64Array, t.dims);
  }
  return { config, metadata };
}
