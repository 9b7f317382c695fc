// Types for scripts/start.mjs (plain ESM so that it runs before anything is built).
export const ROOT: string;
export const DEFAULT_PORT: number;
export const BUILD_OUTPUTS: string[];
export function buildStaleReason(root?: string): string | null;
export function runBuild(root?: string, stdio?: 'inherit' | 'pipe' | 'ignore'): { ok: true } | { ok: false; why: string };
export function electronBinary(root?: string): string | null;
export function reasonLine(text: string | null | undefined): string;
export function displayProblem(platform?: string, env?: Record<string, string | undefined>): string | null;
export function prepareElectron(
  root?: string,
  opts?: { log?: (line: string) => void; platform?: string; env?: Record<string, string | undefined> },
): { electron: string; why?: undefined } | { why: string; electron?: undefined };
export function findFreePort(start?: number, host?: string): Promise<number>;
export function optionValue(args: string[], name: string): string | undefined;
