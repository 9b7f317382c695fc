import { describe, expect, it } from 'vitest';
import { VIDEO_FLAG_RULE } from '../../shared/api/contract';
import { flagReasons, meanSigmaDeg, meanVisibility, packLandmarks, unpackLandmarks } from './video';

describe('video frame estimates', () => {
  it('packs landmarks as 33 × [x, y, z, visibility, wx, wy, wz] and reads them back', () => {
    const image = Array.from({ length: 99 }, (_, i) => i * 1.5);
    const world = Array.from({ length: 99 }, (_, i) => -i / 100);
    const visibility = Array.from({ length: 33 }, (_, k) => k / 33);
    const packed = packLandmarks(image, world, visibility);
    expect(packed).toHaveLength(231);
    expect(Array.from(packed.subarray(7, 14))).toEqual([4.5, 6, 7.5, Math.fround(1 / 33), Math.fround(-0.03), Math.fround(-0.04), Math.fround(-0.05)]);
    const back = unpackLandmarks(packed);
    expect(back.image).toEqual(image);
    back.world.forEach((v, i) => expect(v).toBeCloseTo(world[i]!, 6));
    back.visibility.forEach((v, i) => expect(v).toBeCloseTo(visibility[i]!, 6));
  });

  it('flags high σ and low body visibility by the stated rule, and nothing else', () => {
    const vis = new Array(33).fill(0.9);
    // The face (0–10) does not count: a turned-away head with a visible body is fine.
    for (let k = 0; k <= 10; k++) vis[k] = 0;
    expect(meanVisibility(vis)).toBeCloseTo(0.9, 6);
    const sigmaAt = (deg: number) => new Array(22).fill((deg * Math.PI) / 180);
    expect(meanSigmaDeg(sigmaAt(14.5))).toBeCloseTo(14.5, 6);
    expect(flagReasons(meanSigmaDeg(sigmaAt(14.5)), 0.9)).toEqual([]);
    expect(flagReasons(VIDEO_FLAG_RULE.maxMeanSigmaDeg + 0.1, 0.9)).toEqual(['high-sigma']);
    expect(flagReasons(null, VIDEO_FLAG_RULE.minBodyVisibility - 0.01)).toEqual(['low-visibility']);
    expect(flagReasons(30, 0.2)).toEqual(['high-sigma', 'low-visibility']);
  });
});
