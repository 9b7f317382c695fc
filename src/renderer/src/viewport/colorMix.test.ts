import { describe, expect, it } from 'vitest';
import { mixHex } from './colorMix';

describe('mixHex', () => {
  it('moves one colour toward another, clamped', () => {
    expect(mixHex('#000000', '#ffffff', 0)).toBe('#000000');
    expect(mixHex('#000000', '#ffffff', 1)).toBe('#ffffff');
    expect(mixHex('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mixHex('#7d93f5', '#e8ecf1', 2)).toBe('#e8ecf1');
    expect(mixHex('#FF0000', '#0000ff', 0.25)).toBe('#bf0040');
  });

  it('refuses what is not #rrggbb', () => {
    expect(() => mixHex('red', '#000000', 0.5)).toThrow(/not a #rrggbb/);
  });
});
