import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { StorageError } from './errors';
import { openStore, type Store } from './store';

/** A fresh temporary data directory and its clean-up, for tests that need a real database file. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pose-studio-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Gives every test of the file a fresh temporary data directory (read `dir` inside a test), removed after it. */
export function useTempDataDir(): { readonly dir: string } {
  let tmp: ReturnType<typeof tempDataDir> | undefined;
  beforeEach(() => {
    tmp = tempDataDir();
  });
  afterEach(() => {
    tmp?.cleanup();
    tmp = undefined;
  });
  return {
    get dir() {
      if (!tmp) throw new Error('useTempDataDir: read dir inside a test');
      return tmp.dir;
    },
  };
}

export interface TempStore {
  /** The store opened on this test's data directory. */
  readonly store: Store;
  readonly dir: string;
  /** Closes the store and opens the same data directory again (to check what survives a reopen). */
  reopen(): Store;
}

/** Gives every test of the file a store opened on a fresh temporary data directory, closed and removed after it. */
export function useTempStore(): TempStore {
  let tmp: ReturnType<typeof tempDataDir> | undefined;
  let store: Store | undefined;
  beforeEach(() => {
    tmp = tempDataDir();
    store = openStore({ dataDir: tmp.dir });
  });
  afterEach(() => {
    store?.close();
    tmp?.cleanup();
    store = undefined;
    tmp = undefined;
  });
  const dir = (): string => {
    if (!tmp) throw new Error('useTempStore: read it inside a test');
    return tmp.dir;
  };
  return {
    get store() {
      if (!store) throw new Error('useTempStore: read it inside a test');
      return store;
    },
    get dir() {
      return dir();
    },
    reopen() {
      store?.close();
      store = openStore({ dataDir: dir() });
      return store;
    },
  };
}

/** Runs `fn`, expecting it to throw a StorageError, and returns that error for further checks. */
export function expectStorageError(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    return e as StorageError;
  }
  throw new Error('expected a StorageError');
}
