import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './formatTime';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  it('reads recent times in words and old ones as dates', () => {
    expect(formatRelativeTime('2026-11-24T11:59:40Z', now)).toBe('just now');
    expect(formatRelativeTime('2026-11-24T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelativeTime('2026-11-24T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelativeTime('2026-11-23T12:00:00Z', now)).toBe('1 day ago');
    expect(formatRelativeTime('2026-10-01T12:00:00Z', now)).toBe('2026-10-01');
  });
  it('passes through strings that are not dates', () => {
    expect(formatRelativeTime('not a date', now)).toBe('not a date');
  });
});
