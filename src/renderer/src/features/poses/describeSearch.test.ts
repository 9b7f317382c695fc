import { describe, expect, it } from 'vitest';
import { describableText, describedLabel, describeSearchError, formatScore, scoreBarPercent } from './describeSearch';

const names = new Map([
  ['kneel-left-knee', 'Kneeling on the left knee'],
  ['t-pose', 'T-pose'],
]);
const nameOf = (id: string) => names.get(id);

describe('describedLabel', () => {
  it('names a library pose by its name and a mirror image "<name> (mirrored)"', () => {
    expect(describedLabel({ id: 't-pose', baseId: 't-pose', name: 'T-pose' }, nameOf)).toBe('T-pose');
    expect(
      describedLabel({ id: 'kneel-left-knee~mirror', baseId: 'kneel-left-knee', name: 'Kneeling on the right knee' }, nameOf),
    ).toBe('Kneeling on the left knee (mirrored)');
  });

  it('falls back to the name the search sent for a library pose, and the base id for a mirror, when the list does not know it', () => {
    expect(describedLabel({ id: 'new-pose', baseId: 'new-pose', name: 'New pose' }, nameOf)).toBe('New pose');
    expect(describedLabel({ id: 'x~mirror', baseId: 'x', name: 'X mirrored' }, nameOf)).toBe('x (mirrored)');
  });
});

describe('scores', () => {
  it('formats cosines with two decimals and a real minus sign', () => {
    expect(formatScore(0.6234)).toBe('0.62');
    expect(formatScore(0.625)).toBe('0.63');
    expect(formatScore(1)).toBe('1.00');
    expect(formatScore(-0.051)).toBe('−0.05');
    expect(formatScore(-0.001)).toBe('0.00');
  });

  it('fills the bar by the cosine over [0, 1]', () => {
    expect(scoreBarPercent(0.62)).toBe(62);
    expect(scoreBarPercent(0.1234)).toBe(12.3);
    expect(scoreBarPercent(-0.3)).toBe(0);
    expect(scoreBarPercent(1.2)).toBe(100);
    expect(scoreBarPercent(Number.NaN)).toBe(0);
  });
});

describe('describableText', () => {
  it('trims, and refuses blank or too long text', () => {
    expect(describableText('  lying on the back ', 500)).toBe('lying on the back');
    expect(describableText('   ', 500)).toBeNull();
    expect(describableText('x'.repeat(501), 500)).toBeNull();
  });
});

describe('describeSearchError', () => {
  it('explains a missing model and how to get it; keeps other messages', () => {
    const missing = describeSearchError({ code: 'not_found', message: 'The retrieval model is not installed: …' });
    expect(missing.title).toMatch(/not installed/);
    expect(missing.command).toMatch(/scripts\/train-retrieval\.ts/);
    const other = describeSearchError({ code: 'internal', message: 'boom' });
    expect(other).toEqual({ title: 'The search failed', text: 'boom (internal)', retry: true });
    expect(describeSearchError({ code: 'bad_request', message: 'text: too long' }).retry).toBe(false);
  });
});
