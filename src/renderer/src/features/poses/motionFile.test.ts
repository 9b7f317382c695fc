import { describe, expect, it } from 'vitest';
import { encodeMotionFile, formatClipTime, importErrorText, toBase64 } from './motionFile';

/** Undoes the gzip with the platform's own stream, as the backend would with zlib. */
async function gunzipBase64(data: string): Promise<string> {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

const file = (text: string | Uint8Array, name = 'clip.bvh') =>
  Object.assign(new Blob([text as BlobPart]), { name });

describe('encodeMotionFile', () => {
  it('gzips compressible text and the bytes come back intact', async () => {
    const text = 'HIERARCHY\nROOT Hips\n' + '0.0 1.0 2.0 3.0 4.0 5.0\n'.repeat(2000);
    const r = await encodeMotionFile(file(text), 1 << 20);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.encoding).toBe('gzip');
    expect(r.bytes).toBe(text.length);
    expect(r.data.length).toBeLessThan(text.length / 4);
    expect(await gunzipBase64(r.data)).toBe(text);
  });

  it('sends incompressible bytes as plain base64', async () => {
    const bytes = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const r = await encodeMotionFile(file(bytes, 'a.npz'), 1 << 20);
    expect(r).toMatchObject({ ok: true, encoding: 'base64', bytes: 4096 });
    if (r.ok) expect(Buffer.from(r.data, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses empty and oversized files before sending anything', async () => {
    expect(await encodeMotionFile(file(''), 100)).toEqual({ ok: false, message: 'clip.bvh is empty.' });
    const r = await encodeMotionFile(file('x'.repeat(3000), 'big.bvh'), 2048);
    expect(r).toEqual({ ok: false, message: 'big.bvh is 2.9 KiB; the importer takes files up to 2.0 KiB.' });
  });
});

describe('helpers', () => {
  it('base64-encodes in chunks like Buffer does', () => {
    const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 31) & 255);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('puts the line number in front of importer errors that do not name it', () => {
    expect(importErrorText('expected OFFSET', { reason: 'bad_format', line: 7 })).toBe(
      'Line 7: expected OFFSET',
    );
    expect(importErrorText('line 7: expected OFFSET', { line: 7 })).toBe('line 7: expected OFFSET');
    expect(importErrorText('no frames', { reason: 'empty' })).toBe('no frames');
  });

  it('formats clip times', () => {
    expect(formatClipTime(2.05)).toBe('2.05 s');
    expect(formatClipTime(62.5)).toBe('1:02.5');
  });
});
