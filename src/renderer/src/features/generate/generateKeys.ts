/** What a key press on the Generate page asks for (outside text fields); pure so the mapping is testable. */
export type GenerateKeyAction =
  | { kind: 'select'; position: number }
  | { kind: 'rank-at'; place: number }
  | { kind: 'rank-next' }
  | { kind: 'unrank' }
  | { kind: 'pick' }
  | { kind: 'step'; by: -1 | 1 }
  | { kind: 'toggle-mean' }
  | { kind: 'toggle-sigma' };

export interface KeyLike {
  key: string;
  code: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** The digit 1–9 of a key, by its physical key (Shift+1 types "!" on most layouts); null otherwise. */
function digitOf(e: KeyLike): number | null {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (m) return Number(m[1]);
  return /^[1-9]$/.test(e.key) ? Number(e.key) : null;
}

/**
 * 1–9 select the candidate at that place in the grid; Shift+1–9 give the selected candidate that rank; R ranks it
 * next; 0, U or Backspace unranks it; P picks it; ← → step through; M shows or hides μ; S the σ colours.
 */
export function generateKeyAction(e: KeyLike): GenerateKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const digit = digitOf(e);
  if (digit !== null) return e.shiftKey ? { kind: 'rank-at', place: digit } : { kind: 'select', position: digit };
  if (e.shiftKey) return null;
  switch (e.key.toLowerCase()) {
    case 'r':
      return { kind: 'rank-next' };
    case '0':
    case 'u':
    case 'backspace':
      return { kind: 'unrank' };
    case 'p':
      return { kind: 'pick' };
    case 'arrowleft':
      return { kind: 'step', by: -1 };
    case 'arrowright':
      return { kind: 'step', by: 1 };
    case 'm':
      return { kind: 'toggle-mean' };
    case 's':
      return { kind: 'toggle-sigma' };
    default:
      return null;
  }
}

/** Inputs that take typed text; a focused toggle (radio, checkbox) leaves the page's keys working. */
const TEXT_INPUT = 'input:not([type="radio"]):not([type="checkbox"]):not([type="button"]):not([type="submit"]):not([type="range"])';

/** Keys typed into a field, or aimed at a slider, an open menu or a dialog, are theirs, not the page's. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  return !!el.closest(`${TEXT_INPUT}, textarea, select, [role="menu"], [role="dialog"], [role="slider"]`);
}
