import { describe, expect, it } from 'vitest';
import { decodeDetections, iou, removeLetterbox, weightedNms, type Detection } from './detection';

const opts = { stride: 7, keypoints: 1, inputSize: 100, scoreClip: 100, minScore: 0.5 };

describe('decodeDetections', () => {
  it('decodes centre, size and keypoints relative to the anchor, in input pixels', () => {
    // Anchor at (0.5, 0.25); logit 0 → score 0.5 (kept: the threshold is inclusive).
    const raw = [0, 10, -5, 20, 40, 30, 15];
    const [d] = decodeDetections(raw, [0.5, 0.25], opts);
    expect(d!.score).toBeCloseTo(0.5, 9);
    // cx = 10/100 + 0.5 = 0.6, cy = −0.05 + 0.25 = 0.2, w = 0.2, h = 0.4.
    expect(d!.box.xmin).toBeCloseTo(0.5, 6);
    expect(d!.box.ymin).toBeCloseTo(0.0, 6);
    expect(d!.box.width).toBeCloseTo(0.2, 6);
    expect(d!.box.height).toBeCloseTo(0.4, 6);
    expect(d!.keypoints[0]).toBeCloseTo(0.8, 6);
    expect(d!.keypoints[1]).toBeCloseTo(0.4, 6);
  });

  it('drops low scores and clips huge logits instead of overflowing', () => {
    const raw = [-0.01, 0, 0, 1, 1, 0, 0, 3e6, 0, 0, 1, 1, 0, 0, -3e6, 0, 0, 1, 1, 0, 0];
    const d = decodeDetections(raw, [0, 0, 0, 0, 0, 0], opts);
    expect(d).toHaveLength(1);
    expect(d[0]!.score).toBe(1 / (1 + Math.exp(-100)));
  });

  it('rejects output of the wrong size', () => {
    expect(() => decodeDetections([0, 0, 0], [0, 0], opts)).toThrow(RangeError);
  });
});

describe('iou', () => {
  it('is a quarter-overlap by hand: two unit squares offset by half in x and y', () => {
    // Intersection 0.25, union 2 − 0.25 = 1.75.
    expect(iou({ xmin: 0, ymin: 0, width: 1, height: 1 }, { xmin: 0.5, ymin: 0.5, width: 1, height: 1 })).toBeCloseTo(0.25 / 1.75, 12);
    expect(iou({ xmin: 0, ymin: 0, width: 1, height: 1 }, { xmin: 2, ymin: 0, width: 1, height: 1 })).toBe(0);
  });
});

describe('weightedNms', () => {
  const det = (score: number, xmin: number, kx: number): Detection => ({ score, box: { xmin, ymin: 0, width: 1, height: 1 }, keypoints: Float32Array.of(kx, 0) });

  it('merges overlapping detections into the score-weighted mean and keeps the top score', () => {
    const out = weightedNms([det(0.6, 0.1, 1), det(0.9, 0, 0), det(0.7, 5, 9)], 0.3);
    expect(out).toHaveLength(2);
    // Group {0.9 at 0, 0.6 at 0.1}: xmin = (0.9·0 + 0.6·0.1)/1.5 = 0.04; keypoint x = 0.6/1.5 = 0.4.
    expect(out[0]!.score).toBe(0.9);
    expect(out[0]!.box.xmin).toBeCloseTo(0.04, 6);
    expect(out[0]!.box.width).toBeCloseTo(1, 6);
    expect(out[0]!.keypoints[0]).toBeCloseTo(0.4, 6);
    expect(out[1]!.score).toBe(0.7);
    expect(out[1]!.box.xmin).toBeCloseTo(5, 6);
  });

  it('keeps detections that overlap by less than the threshold apart', () => {
    // IoU of boxes offset by 0.6: 0.4 / 1.6 = 0.25 < 0.3.
    expect(weightedNms([det(0.9, 0, 0), det(0.8, 0.6, 0)], 0.3)).toHaveLength(2);
  });
});

describe('removeLetterbox', () => {
  it('undoes vertical padding of a 1000 × 667 frame in a square', () => {
    const pad = (1 - 667 / 1000) / 2;
    const d: Detection = { score: 1, box: { xmin: 0.2, ymin: pad, width: 0.5, height: 0.667 }, keypoints: Float32Array.of(0.5, 0.5) };
    const r = removeLetterbox(d, { left: 0, top: pad, right: 0, bottom: pad });
    expect(r.box.xmin).toBeCloseTo(0.2, 6);
    expect(r.box.ymin).toBeCloseTo(0, 6);
    expect(r.box.height).toBeCloseTo(1, 6);
    expect(r.keypoints[1]).toBeCloseTo(0.5, 6);
  });
});
