import { randomUUID } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();

export const toJson = (v: JsonObject | undefined): string => JSON.stringify(v ?? {});
export const fromJson = (s: string): JsonObject => JSON.parse(s) as JsonObject;

export const toBit = (b: boolean | undefined): 0 | 1 => (b ? 1 : 0);

/*
 * Write methods return records built from what they wrote instead of reading the row back. These say what
 * a value reads back as, so the built record equals a later get(): SQLite binds NaN as NULL and keeps no
 * negative zero (REAL and INTEGER columns alike read -0 back as 0).
 */

/** What a NOT NULL numeric column reads back (NaN never gets there: the NOT NULL constraint refuses it). */
export const storedNum = (v: number): number => v + 0;

/** What a nullable numeric column reads back. */
export const storedOptNum = (v: number | null | undefined): number | null =>
  v == null || Number.isNaN(v) ? null : v + 0;

// A lone surrogate: UTF-16 that has no UTF-8 encoding.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when every string reads back unchanged. Text is stored as UTF-8, so a string with a lone surrogate
 * comes back altered (replacement characters); a write method then reads its row back rather than guess how.
 */
export const textRoundTrips = (...values: readonly (string | null | undefined)[]): boolean => {
  for (const v of values) if (v != null && LONE_SURROGATE.test(v)) return false;
  return true;
};
