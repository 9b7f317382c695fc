import { describe, expect, it } from 'vitest';
import { analysisFrameCount, analysisSize } from './analysisPlan';

describe('analysis plan', () => {
  it('scales the long side down to the limit and never enlarges', () => {
    expect(analysisSize(1920, 1080)).toEqual({ width: 512, height: 288 });
    expect(analysisSize(1080, 1920)).toEqual({ width: 288, height: 512 });
    expect(analysisSize(480, 320)).toEqual({ width: 480, height: 320 });
    expect(() => analysisSize(0, 10)).toThrow(RangeError);
  });

  it('counts frames strictly before the end, at least one, at most the contract limit', () => {
    expect(analysisFrameCount(1.2, 2)).toBe(3); // 0, 0.5, 1.0
    expect(analysisFrameCount(1, 2)).toBe(2); // 0, 0.5 (1.0 is the end)
    expect(analysisFrameCount(0.1, 2)).toBe(1);
    expect(analysisFrameCount(0, 10)).toBe(0);
    expect(analysisFrameCount(7200, 30)).toBe(3600);
  });
});
