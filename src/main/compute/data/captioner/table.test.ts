import { describe, expect, it } from 'vitest';
import { IGNORED } from './operators';
import { PREDICATES, SUPER_PREDICATES } from './phrases';
import { SUPERS } from './superPosecodes';
import { CODES, mirrorCategory, swapSideTokens } from './table';

describe('posecode table', () => {
  it('holds the reference set (about 80 elementary codes) with unique ids', () => {
    expect(CODES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CODES.map((c) => c.id)).size).toBe(CODES.length);
    const ops = new Set(CODES.map((c) => c.op));
    for (const op of ['angle', 'distance', 'x', 'y', 'z', 'vaxis', 'ground', 'incline', 'twist', 'lean', 'headIncline', 'headTurn', 'headTilt'])
      expect(ops.has(op as never)).toBe(true);
  });

  it('never says an ignored category; rare categories are said ones', () => {
    for (const c of CODES)
      c.categories.forEach((cat, k) => {
        if (cat === IGNORED) expect(c.said[k]).toBe(false);
        if (c.rare[k]) expect(c.said[k]).toBe(true);
      });
  });

  it('says hand contacts only when close, and always then', () => {
    const contacts = CODES.filter((c) => c.kind === 'contact');
    expect(contacts.length).toBe(18);
    for (const c of contacts) {
      expect(c.categories.filter((_, k) => c.said[k])).toEqual(['close']);
      expect(c.rare[0]).toBe(true);
    }
  });

  it('marks the distinctive configurations rare', () => {
    const rare = (id: string, cat: string): boolean => {
      const c = CODES.find((x) => x.id === id)!;
      return c.rare[c.categories.indexOf(cat)];
    };
    expect(rare('angle:left_knee', 'completely bent')).toBe(true);
    expect(rare('y:right_hand-head', 'above')).toBe(true);
    expect(rare('distance:feet', 'wide')).toBe(true);
    expect(rare('ground:left_knee', 'on ground')).toBe(true);
    expect(rare('angle:left_knee', 'straight')).toBe(false);
  });

  it('mirroring is an involution that keeps said and rare categories', () => {
    for (const c of CODES) {
      const m = CODES[c.mirror];
      expect(m.mirror).toBe(c.index);
      expect(m.mirrorSign).toBe(c.mirrorSign);
      c.categories.forEach((_, k) => {
        const mk = mirrorCategory(c, k);
        expect(m.said[mk]).toBe(c.said[k]);
        expect(m.rare[mk]).toBe(c.rare[k]);
      });
    }
    expect(swapSideTokens('distance:left_hand-right_shoulder')).toBe('distance:right_hand-left_shoulder');
  });

  it('has at least five phrasings for every said category and every super-posecode', () => {
    for (const c of CODES)
      c.categories.forEach((cat, k) => {
        if (!c.said[k]) return;
        const list = PREDICATES[c.kind][cat];
        expect(list, `${c.id} ${cat}`).toBeDefined();
        expect(new Set(list).size, `${c.id} ${cat}`).toBeGreaterThanOrEqual(5);
        for (const p of list) expect(p.includes('{O}')).toBe(c.object !== null);
      });
    for (const s of SUPERS) expect(new Set(SUPER_PREDICATES[s.id]).size, s.id).toBeGreaterThanOrEqual(5);
  });
});
