import { describe, expect, it } from 'vitest';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import path from 'node:path';
import { boundaries } from './boundaries.js';

const linter = new Linter({ configType: 'flat', cwd: process.cwd() });
function lint(file: string, code: string): string[] {
  const config = [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { studio: { rules: { boundaries } } },
      rules: { 'studio/boundaries': 'error' as const },
    },
  ];
  return linter.verify(code, config as Linter.Config[], { filename: path.join(process.cwd(), file) }).map((m) => m.message);
}

describe('layering lint rule', () => {
  it('keeps src/shared platform-free', () => {
    expect(lint('src/shared/body/x.ts', "import fs from 'node:fs';")).toHaveLength(1);
    expect(lint('src/shared/body/x.ts', "import * as THREE from 'three';")).toHaveLength(1);
    expect(lint('src/shared/body/x.ts', "import { z } from 'zod';")).toHaveLength(0);
  });
  it('stops the renderer importing main, including through relative paths', () => {
    expect(lint('src/renderer/src/a.ts', "import { x } from '../../main/services/backend';")).toHaveLength(1);
    expect(lint('src/renderer/src/a.ts', "import { calls } from '@shared/api';")).toHaveLength(0);
  });
  it('lets only runtime/ import onnxruntime-node and only storage/ import better-sqlite3', () => {
    expect(lint('src/main/compute/graph/g.ts', "import * as ort from 'onnxruntime-node';")).toHaveLength(1);
    expect(lint('src/main/compute/runtime/r.ts', "import * as ort from 'onnxruntime-node';")).toHaveLength(0);
    expect(lint('src/main/services/s.ts', "const D = require('better-sqlite3');")).toHaveLength(1);
    expect(lint('src/main/storage/db.ts', "import Database from 'better-sqlite3';")).toHaveLength(0);
  });
  it('keeps electron out of the compute process', () => {
    expect(lint('src/main/compute/process/entry.ts', "import { app } from 'electron';")[0]).toMatch(/never imports electron/);
    expect(lint('src/main/app/main.ts', "import { app } from 'electron';")).toHaveLength(0);
  });
});
