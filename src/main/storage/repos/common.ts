import { randomUUID } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();

export const toJson = (v: JsonObject | undefined): string => JSON.stringify(v ?? {});
export const fromJson = (s: string): JsonObject => JSON.parse(s) as JsonObject;

export const toBit = (b: boolean | undefined): 0 | 1 => (b ? 1 : 0);
