import { describe, expect, it } from 'vitest';
import { jointIndex, jointPositions, symmetrizeRest } from '../../../../shared/body';
import type { LibraryPose } from '../types';
import { mirrorLibraryPose, MIRROR_SUFFIX, swapSidesText } from './mirror';

describe('swapSidesText', () => {
  it('swaps side words, keeping case', () => {
    expect(swapSidesText('left hand')).toBe('right hand');
    expect(swapSidesText('Left knee down, right foot forward')).toBe('Right knee down, left foot forward');
    expect(swapSidesText('LEFT')).toBe('RIGHT');
    expect(swapSidesText('Right')).toBe('Left');
  });

  it('swaps side compounds', () => {
    expect(swapSidesText('leaning leftward')).toBe('leaning rightward');
    expect(swapSidesText('turned rightwards')).toBe('turned leftwards');
    expect(swapSidesText('left-handed throw')).toBe('right-handed throw');
    expect(swapSidesText('left_hand')).toBe('right_hand');
    expect(swapSidesText('the leftmost arm')).toBe('the rightmost arm');
  });

  it('leaves left/right inside other words and idioms alone', () => {
    expect(swapSidesText('cleft chin, bright light, leftover, righteous, copyright')).toBe('cleft chin, bright light, leftover, righteous, copyright');
    expect(swapSidesText('knee bent at a right angle')).toBe('knee bent at a right angle');
    expect(swapSidesText('all right, right now')).toBe('all right, right now');
    expect(swapSidesText('turn to the right')).toBe('turn to the left');
  });

  it('is its own inverse on side words', () => {
    const t = 'Left arm up, right arm leftward, left-leg kick';
    expect(swapSidesText(swapSidesText(t))).toBe(t);
  });
});

describe('mirrorLibraryPose', () => {
  const pose = new Float32Array(66);
  pose[jointIndex('left_knee') * 3] = 1.4;
  pose[jointIndex('right_shoulder') * 3 + 2] = -0.7;
  pose[1] = 0.3;
  const p: LibraryPose = {
    id: 'kneel-left-knee',
    name: 'Kneeling on the left knee',
    category: 'kneeling',
    tags: ['kneeling', 'one knee', 'left'],
    synonyms: ['Left genuflect'],
    actions: ['is kneeling on the left knee', 'rests the right hand on the right thigh'],
    pose,
  };

  it('swaps sides in every text field and suffixes the id', () => {
    const m = mirrorLibraryPose(p);
    expect(m.id).toBe('kneel-left-knee' + MIRROR_SUFFIX);
    expect(m.name).toBe('Kneeling on the right knee');
    expect(m.tags).toEqual(['kneeling', 'one knee', 'right']);
    expect(m.synonyms).toEqual(['Right genuflect']);
    expect(m.actions).toEqual(['is kneeling on the right knee', 'rests the left hand on the left thigh']);
    expect(m.category).toBe('kneeling');
  });

  it('reflects the body: the bent knee is now the right one', () => {
    const m = mirrorLibraryPose(p);
    const rest = symmetrizeRest();
    const a = jointPositions(p.pose, 1, undefined, rest), b = jointPositions(m.pose, 1, undefined, rest);
    const la = jointIndex('left_ankle'), ra = jointIndex('right_ankle');
    expect(b[ra * 3]).toBeCloseTo(-a[la * 3], 5);
    expect(b[ra * 3 + 1]).toBeCloseTo(a[la * 3 + 1], 5);
    expect(b[ra * 3 + 2]).toBeCloseTo(a[la * 3 + 2], 5);
  });

  it('twice is the identity and leaves the input untouched', () => {
    const before = Array.from(p.pose);
    const mm = mirrorLibraryPose(mirrorLibraryPose(p));
    expect({ ...mm, pose: Array.from(mm.pose) }).toEqual({ ...p, pose: before });
    expect(Array.from(p.pose)).toEqual(before);
  });
});
