import { describe, expect, it } from 'vitest';
import { categoryLabel, filterPoses, normalizeSearch } from './filterPoses';

const poses = [
  {
    id: 'kneel-left-knee',
    name: 'Kneeling on the left knee',
    category: 'kneeling',
    tags: ['one knee', 'left'],
    synonyms: ['genuflect'],
  },
  { id: 't-pose', name: 'T-pose', category: 'standing', tags: ['arms out'], synonyms: ['tee pose'] },
  {
    id: 'boxing-guard',
    name: 'Boxing guard',
    category: 'fighting',
    tags: ['fists up', 'boxing'],
    synonyms: [],
  },
  { id: 'tree', name: 'Tree pose', category: 'yoga', tags: ['balance', 'one leg'], synonyms: ['vrksasana'] },
];

describe('filterPoses', () => {
  it('keeps everything for an empty query and no category', () => {
    expect(filterPoses(poses, null, '  ')).toEqual(poses);
  });

  it('filters by category', () => {
    expect(filterPoses(poses, 'yoga', '').map((p) => p.id)).toEqual(['tree']);
    expect(filterPoses(poses, 'dance', '')).toEqual([]);
  });

  it('matches names, tags and synonyms by word prefix, every word required', () => {
    expect(filterPoses(poses, null, 'kne').map((p) => p.id)).toEqual(['kneel-left-knee']);
    expect(filterPoses(poses, null, 'GENUFLECT').map((p) => p.id)).toEqual(['kneel-left-knee']);
    expect(filterPoses(poses, null, 'vrks').map((p) => p.id)).toEqual(['tree']);
    expect(filterPoses(poses, null, 'one').map((p) => p.id)).toEqual(['kneel-left-knee', 'tree']);
    expect(filterPoses(poses, null, 'one leg').map((p) => p.id)).toEqual(['tree']);
    expect(filterPoses(poses, null, 'eel')).toEqual([]);
  });

  it('folds punctuation and case, and combines with the category', () => {
    expect(filterPoses(poses, null, 'Arms-Out!').map((p) => p.id)).toEqual(['t-pose']);
    expect(filterPoses(poses, 'standing', 'boxing')).toEqual([]);
    expect(filterPoses(poses, 'fighting', 'Fists').map((p) => p.id)).toEqual(['boxing-guard']);
  });
});

describe('helpers', () => {
  it('normalises search text and labels categories', () => {
    expect(normalizeSearch('  Café — T-Pose! ')).toBe('cafe t pose');
    expect(categoryLabel('gesture')).toBe('Gesture');
  });
});
