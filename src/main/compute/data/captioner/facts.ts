/**
 * A fact is one posecode a caption may assert: an elementary code in one category, or a
 * super-posecode. Codes are numbered: elementary codes by their table index (≥ 0), super-posecodes
 * as −1 − their index, so one integer names either.
 */
import { CODES } from './table';
import { SUPERS } from './superPosecodes';

export interface Fact {
  /** Elementary code index (≥ 0) or −1 − super-posecode index. */
  code: number;
  /** Category index (0 for super-posecodes). */
  cat: number;
  /** Always said: a rare category or a super-posecode. */
  rare: boolean;
}

export const isSuper = (f: Fact): boolean => f.code < 0;
export const superIndexOf = (f: Fact): number => -1 - f.code;

/** A compact numeric key of an elementary fact (code, category); categories are < 8. */
export const factKey = (code: number, cat: number): number => code * 8 + cat;

/** Human-readable id of a fact, e.g. 'angle:left_knee=straight' (for rules and debugging). */
export function factName(f: Fact): string {
  return f.code < 0 ? SUPERS[-1 - f.code].id : `${CODES[f.code].id}=${CODES[f.code].categories[f.cat]}`;
}
