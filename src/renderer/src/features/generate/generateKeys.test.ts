import { describe, expect, it } from 'vitest';
import { generateKeyAction, type KeyLike } from './generateKeys';

const k = (key: string, code: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key,
  code,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('generate keys', () => {
  it('digits select, Shift+digits rank (by the physical key)', () => {
    expect(generateKeyAction(k('3', 'Digit3'))).toEqual({ kind: 'select', position: 3 });
    expect(generateKeyAction(k('7', 'Numpad7'))).toEqual({ kind: 'select', position: 7 });
    expect(generateKeyAction(k('#', 'Digit3', { shiftKey: true }))).toEqual({ kind: 'rank-at', place: 3 });
    expect(generateKeyAction(k('!', 'Digit1', { shiftKey: true }))).toEqual({ kind: 'rank-at', place: 1 });
  });

  it('letters rank, unrank, pick and toggle; arrows step', () => {
    expect(generateKeyAction(k('r', 'KeyR'))).toEqual({ kind: 'rank-next' });
    expect(generateKeyAction(k('0', 'Digit0'))).toEqual({ kind: 'unrank' });
    expect(generateKeyAction(k('Backspace', 'Backspace'))).toEqual({ kind: 'unrank' });
    expect(generateKeyAction(k('P', 'KeyP'))).toEqual({ kind: 'pick' });
    expect(generateKeyAction(k('ArrowLeft', 'ArrowLeft'))).toEqual({ kind: 'step', by: -1 });
    expect(generateKeyAction(k('ArrowRight', 'ArrowRight'))).toEqual({ kind: 'step', by: 1 });
    expect(generateKeyAction(k('m', 'KeyM'))).toEqual({ kind: 'toggle-mean' });
    expect(generateKeyAction(k('s', 'KeyS'))).toEqual({ kind: 'toggle-sigma' });
  });

  it('leaves shortcuts with modifiers and other keys alone', () => {
    expect(generateKeyAction(k('r', 'KeyR', { ctrlKey: true }))).toBeNull();
    expect(generateKeyAction(k('1', 'Digit1', { metaKey: true }))).toBeNull();
    expect(generateKeyAction(k('R', 'KeyR', { shiftKey: true }))).toBeNull();
    expect(generateKeyAction(k('x', 'KeyX'))).toBeNull();
    expect(generateKeyAction(k('Enter', 'Enter'))).toBeNull();
  });
});
