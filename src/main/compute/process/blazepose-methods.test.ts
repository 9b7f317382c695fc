import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blazeposeModelPath } from '../models/blazepose/estimator';
import { decodeJpeg } from '../models/blazepose/jpeg';
import { registerBlazeposeMethods } from './blazepose-methods';
import { MethodRegistry } from './registry';

const JPG = fileURLToPath(new URL('../../../../../shared/fixtures/images/blazepose-golden-pose.jpg', import.meta.url));
const missing = [JPG, blazeposeModelPath('detector'), blazeposeModelPath('lite')].find((f) => !existsSync(f));
if (missing) console.warn(`blazepose.estimate photo case skipped: ${missing} is absent`);

const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });

describe('blazepose.estimate', () => {
  const registry = new MethodRegistry();
  registerBlazeposeMethods(registry);

  it('refuses a frame whose bytes do not match its size', async () => {
    const r = await registry.dispatch('blazepose.estimate', { width: 2, height: 2, data: new Uint8ClampedArray(15) }, ctx());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('bad_request');
  });

  it('finds nobody in a black frame', async () => {
    const r = await registry.dispatch('blazepose.estimate', { width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4), model: 'lite' }, ctx());
    expect(r).toEqual({ ok: true, value: { found: false } });
  });

  it.skipIf(!!missing)('answers 33 image and world landmarks for the golden photo', async () => {
    const f = decodeJpeg(readFileSync(JPG));
    const r = await registry.dispatch('blazepose.estimate', { ...f, model: 'lite' }, ctx());
    expect(r.ok).toBe(true);
    const v = (r as { value: { found: boolean; landmarks: { image: number[]; world: number[]; visibility: number[] } } }).value;
    expect(v.found).toBe(true);
    expect(v.landmarks.image).toHaveLength(99);
    expect(v.landmarks.world).toHaveLength(99);
    // Nose near (460, 283) px, as in the fixture.
    expect(Math.hypot(v.landmarks.image[0]! - 460, v.landmarks.image[1]! - 283)).toBeLessThan(15);
  });
});
