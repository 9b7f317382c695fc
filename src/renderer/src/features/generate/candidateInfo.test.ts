import { describe, expect, it } from 'vitest';
import { answerParts, candidateLabel, exportTarget, formatScore, ordinal, semanticScore } from './candidateInfo';

describe('candidate info', () => {
  it('labels, scores and ordinals', () => {
    expect(candidateLabel({ idx: 0 })).toBe('Candidate 1');
    expect(semanticScore({ rewards: { semantic: 0.42 } })).toBe(0.42);
    expect(semanticScore({ rewards: {} })).toBeNull();
    expect(formatScore(0.4249)).toBe('0.42');
    expect(formatScore(-0.1)).toBe('−0.10');
    expect(formatScore(null)).toBe('—');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st']);
  });

  it('splits an answer around its pose slot', () => {
    expect(answerParts('The person is <POSE>.')).toEqual([
      { kind: 'text', value: 'The person is ' },
      { kind: 'pose', value: '<POSE>' },
      { kind: 'text', value: '.' },
    ]);
    expect(answerParts('no slot')).toEqual([{ kind: 'text', value: 'no slot' }]);
  });

  it('exports the kept candidate, else the selected one, never one without a pose', () => {
    const cs = [
      { id: 'a', picked: false, pose: [0] },
      { id: 'b', picked: true, pose: [0] },
      { id: 'c', picked: false, pose: null },
    ];
    expect(exportTarget(cs, 'a')?.id).toBe('b');
    expect(exportTarget(cs.map((c) => ({ ...c, picked: false })), 'a')?.id).toBe('a');
    expect(exportTarget(cs.map((c) => ({ ...c, picked: false })), 'c')).toBeNull();
  });
});
