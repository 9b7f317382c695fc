import { describe, expect, it } from 'vitest';
import type { PoseVariation } from '@shared/api';
import { sourceName, variationCellLabel, variationLabel } from './variationLabel';

const names: Record<string, string> = { 'tree-pose': 'Tree pose', 'boxing-guard': 'Boxing guard' };
const nameOf = (id: string) => names[id];
const v = (p: Partial<PoseVariation>): PoseVariation => ({
  pose: new Array<number>(66).fill(0),
  kind: 'noise',
  sources: ['tree-pose'],
  params: {},
  plausible: true,
  ...p,
});

describe('variationLabel', () => {
  it('names interpolation partners with the blend as a percentage', () => {
    expect(
      variationLabel(v({ kind: 'interpolate', sources: ['x', 'tree-pose'], params: { t: 0.4, with: 'tree-pose' } }), nameOf),
    ).toBe('Interpolated with Tree pose 40%');
  });

  it('reads mirrored partner ids and unknown ids', () => {
    expect(sourceName('boxing-guard~mirror', nameOf)).toBe('Boxing guard (mirrored)');
    expect(sourceName('not-listed', nameOf)).toBe('not-listed');
  });

  it('says which limbs a swap or resample took, and from where', () => {
    expect(
      variationLabel(
        v({ kind: 'limb-swap', sources: ['x', 'boxing-guard'], params: { limbs: ['left_arm', 'right_arm'], crossSide: true } }),
        nameOf,
      ),
    ).toBe('Left arm and right arm from Boxing guard (other side)');
    expect(variationLabel(v({ kind: 'sample', params: { limbs: ['torso', 'head'] } }), nameOf)).toBe(
      'Torso and head resampled',
    );
  });

  it('gives the noise level, the mirrored name, and says when the base came back unchanged', () => {
    expect(variationLabel(v({ kind: 'noise', params: { stdDeg: 4.23 } }), nameOf)).toBe('4.2° noise');
    expect(variationLabel(v({ kind: 'noise', params: { stdDeg: 0, fallback: true } }), nameOf)).toMatch(/^Unchanged/);
    expect(variationLabel(v({ kind: 'mirror', name: 'Lunge, right leg forward' }), nameOf)).toBe(
      'Mirrored: Lunge, right leg forward',
    );
  });

  it('has a short form for thumbnail cells', () => {
    expect(
      variationCellLabel(v({ kind: 'interpolate', sources: ['x', 'tree-pose'], params: { t: 0.4, with: 'tree-pose' } }), nameOf),
    ).toBe('Tree pose 40%');
    expect(
      variationCellLabel(v({ kind: 'limb-swap', sources: ['x', 'boxing-guard~mirror'], params: { limbs: ['left_leg'] } }), nameOf),
    ).toBe('Left leg ← Boxing guard (mirrored)');
    expect(variationCellLabel(v({ kind: 'noise', params: { stdDeg: 3 } }), nameOf)).toBe('3° noise');
    expect(variationCellLabel(v({ kind: 'mirror', name: 'Tree pose' }), nameOf)).toBe('Mirror image');
    expect(variationCellLabel(v({ kind: 'mirror', sources: ['lunge-left'], name: 'Lunge, right leg forward' }), nameOf)).toBe(
      'Lunge, right leg forward',
    );
  });
});
