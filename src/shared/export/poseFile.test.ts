import { describe, expect, it } from 'vitest';
import { bytesToBase64, poseFileContent } from './poseFile';
import { amassNpz } from './amassNpz';
import type { ExportProvenance } from './provenance';

const provenance: ExportProvenance = {
  app: 'Pose-RFT Studio',
  version: '0.0.0',
  name: 'Kneel',
  exportedAt: '2026-11-25T00:00:00.000Z',
  generation: { prompt: 'kneeling with arms up', seed: 7, model: 'policy@abc' },
};
const pose = Array.from({ length: 66 }, (_, i) => 0.01 * i);

describe('poseFileContent', () => {
  it('encodes bytes as standard base64 (RFC 4648 vectors), also past one chunk', () => {
    const enc = (s: string) => bytesToBase64(new TextEncoder().encode(s));
    expect([enc(''), enc('f'), enc('fo'), enc('foo'), enc('foobar')]).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYmFy']);
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 255);
    expect(Uint8Array.from(atob(bytesToBase64(big)), (c) => c.charCodeAt(0))).toEqual(big);
  });

  it('gives text formats as utf8 and .npz as the base64 of the AMASS bytes, with the generation in the metadata', () => {
    const json = poseFileContent(pose, 'smpl-json', provenance);
    expect(json.encoding).toBe('utf8');
    expect(JSON.parse(json.content).provenance.generation).toEqual(provenance.generation);
    expect(poseFileContent(pose, 'bvh', provenance)).toMatchObject({ encoding: 'utf8', mimeType: 'application/x-bvh' });
    const npz = poseFileContent(pose, 'amass-npz-156', provenance);
    expect(npz.encoding).toBe('base64');
    const expected = amassNpz(pose, 156, { provenance, prompt: 'kneeling with arms up', seed: 7, model: 'policy@abc' });
    expect(npz.content).toBe(bytesToBase64(expected));
  });
});
