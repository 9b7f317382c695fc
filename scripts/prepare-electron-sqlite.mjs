#!/usr/bin/env node
/**
 * Builds a second copy of better-sqlite3's native addon for Electron's ABI.
 *
 * Why: node_modules/better-sqlite3/build/Release/better_sqlite3.node is compiled for Node's ABI
 * (NODE_MODULE_VERSION of the Node that ran `npm install`). Tests, the CLI and server mode need exactly that
 * build. Electron embeds its own Node with a different NODE_MODULE_VERSION, so loading that file in the
 * Electron main process fails. Rebuilding node_modules in place for Electron (electron-rebuild) would break
 * every Node consumer, so this script builds a separate copy into build/electron-native/ and the Electron
 * main passes it to better-sqlite3 via openStore({ nativeBinding }).
 *
 * Usage: node scripts/prepare-electron-sqlite.mjs [--force] [--check] [--skip-binary-check]
 *          [--nodedir=<extracted Electron headers>] [--dist-url=<headers mirror>] [--runtime=electron|node]
 * Exit status 0 on success (one line naming the addon), 1 with one line saying why otherwise.
 * See docs/storage.md.
 */
/* global fetch, AbortSignal */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = 'build/electron-native';
export const ADDON_FILE = 'better_sqlite3.node';
const DEFAULT_DIST_URL = 'https://electronjs.org/headers';

/** A failure with a one-line message; the CLI prints it and exits 1. */
export class PrepareError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PrepareError';
  }
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

function electronInfo(root) {
  const dir = path.join(root, 'node_modules', 'electron');
  const pkgPath = path.join(dir, 'package.json');
  if (!existsSync(pkgPath))
    throw new PrepareError(
      'the electron package is not installed (node_modules/electron is missing); run npm install',
    );
  const version = readJson(pkgPath).version;
  const abiPath = path.join(dir, 'abi_version');
  const abi = existsSync(abiPath) ? readFileSync(abiPath, 'utf8').trim() : null;
  return { dir, version, abi };
}

/** Where electron's own index.js looks for the binary (path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH). */
function electronBinary(electronDir) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, readPathTxt(electronDir) ?? 'electron');
    return existsSync(p) ? p : null;
  }
  const rel = readPathTxt(electronDir);
  if (!rel) return null;
  const p = path.join(electronDir, 'dist', rel);
  return existsSync(p) ? p : null;
}

function readPathTxt(electronDir) {
  const p = path.join(electronDir, 'path.txt');
  return existsSync(p) ? readFileSync(p, 'utf8').trim() : null;
}

/** npm's bundled node-gyp is the usual one; a project or global install also works. */
function findNodeGyp(root) {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a project dependency; fall through to npm's copy
  }
  if (process.env.npm_execpath)
    candidates.push(
      path.join(
        path.dirname(process.env.npm_execpath),
        '..',
        'node_modules',
        'node-gyp',
        'bin',
        'node-gyp.js',
      ),
    );
  const nodeDir = path.dirname(process.execPath);
  candidates.push(
    path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  candidates.push(
    path.join(nodeDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates.find((c) => existsSync(c)) ?? null;
}

function hasHeaders(dir) {
  return (
    existsSync(path.join(dir, 'include', 'node', 'node_version.h')) ||
    existsSync(path.join(dir, 'src', 'node_version.h'))
  );
}

/** Fails fast and clearly when the headers server is unreachable instead of letting node-gyp retry. */
async function probeHeaders(distUrl, version) {
  const proxied = [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'npm_config_proxy',
    'npm_config_https_proxy',
  ].some((k) => process.env[k]);
  if (proxied) return; // Node's fetch ignores proxies; let node-gyp (which honours them) try.
  const url = `${distUrl}/v${version}/SHASUMS256.txt`;
  let res;
  try {
    res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(20_000) });
  } catch (e) {
    const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(e);
    throw new PrepareError(
      `cannot download the Electron ${version} headers from ${url} (${cause}); connect to the internet or pass --nodedir=<extracted headers>`,
    );
  }
  if (!res.ok)
    throw new PrepareError(
      `cannot download the Electron ${version} headers: ${url} answered HTTP ${res.status}`,
    );
}

/** Child env without npm_config_* settings that would silently retarget node-gyp (e.g. a user nodedir=/usr). */
function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (
      /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|devdir|build_from_source)$/i.test(
        k,
      )
    )
      delete env[k];
  }
  return env;
}

function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', (e) => resolve({ code: -1, log: `${log}\n${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

/** The first line of a node-gyp/compiler log that says what went wrong. */
function firstError(log) {
  const lines = log
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    lines.find(
      (l) =>
        /gyp ERR! stack Error|error:|gyp ERR! (find|configure|build) /i.test(l) &&
        !/^gyp ERR! (cwd|node -v|node-gyp -v|not ok|command|System|stack\s+at)/.test(l),
    ) ??
    lines.find((l) => l.startsWith('gyp ERR!')) ??
    lines.at(-1) ??
    'no output'
  );
}

/**
 * Loads the addon in a Node child process to check which ABI it was built for: an Electron build must be
 * refused by Node with Electron's NODE_MODULE_VERSION; a Node build must load.
 */
function verifyAbi(addon, runtime, electronAbi) {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `try { process.dlopen({ exports: {} }, ${JSON.stringify(addon)}); console.log('LOADED'); } catch (e) { console.log(e.message); }`,
    ],
    {
      encoding: 'utf8',
    },
  );
  const out = `${r.stdout}${r.stderr}`;
  if (runtime === 'node') {
    if (!out.includes('LOADED'))
      throw new PrepareError(
        `the Node build of ${addon} does not load in Node: ${out.trim().split('\n')[0]}`,
      );
    return process.versions.modules;
  }
  const m = /NODE_MODULE_VERSION (\d+)[^]*?NODE_MODULE_VERSION (\d+)/.exec(out);
  if (out.includes('LOADED') || !m)
    throw new PrepareError(
      `${addon} was not built for Electron's ABI (Node loaded it or gave no version): ${out.trim().split('\n')[0]}`,
    );
  if (electronAbi && m[1] !== electronAbi)
    throw new PrepareError(`${addon} has NODE_MODULE_VERSION ${m[1]} but Electron needs ${electronAbi}`);
  return m[1];
}

/**
 * Builds better-sqlite3 for Electron (or, with runtime 'node', for this Node: a way to exercise the whole
 * pipeline offline). Resolves to { path, status: 'built' | 'up-to-date', abi }; rejects with PrepareError.
 */
export async function prepareElectronSqlite(options = {}) {
  const root = options.root ?? ROOT;
  const runtime = options.runtime ?? 'electron';
  const outDir = path.resolve(root, options.outDir ?? DEFAULT_OUT_DIR);
  const addon = path.join(outDir, ADDON_FILE);
  const log = options.log ?? (() => {});

  const sqlitePkgDir = path.join(root, 'node_modules', 'better-sqlite3');
  if (!existsSync(path.join(sqlitePkgDir, 'binding.gyp')))
    throw new PrepareError(
      'better-sqlite3 is not installed (node_modules/better-sqlite3/binding.gyp is missing); run npm install',
    );
  const sqliteVersion = readJson(path.join(sqlitePkgDir, 'package.json')).version;

  let target;
  let electronAbi = null;
  if (runtime === 'electron') {
    const info = electronInfo(root);
    target = info.version;
    electronAbi = info.abi;
    if (!options.skipBinaryCheck && !options.check && !electronBinary(info.dir)) {
      throw new PrepareError(
        `the Electron ${info.version} binary is absent (node_modules/electron/dist); run \`node node_modules/electron/install.js\` with internet access, or use server mode (npm run serve)`,
      );
    }
  } else if (runtime === 'node') {
    target = process.versions.node;
  } else {
    throw new PrepareError(`unknown runtime ${runtime}; expected electron or node`);
  }

  const stamp = {
    runtime,
    target,
    betterSqlite3: sqliteVersion,
    platform: process.platform,
    arch: process.arch,
  };
  const stampPath = path.join(outDir, 'stamp.json');
  const current =
    existsSync(addon) &&
    existsSync(stampPath) &&
    JSON.stringify(readJson(stampPath).build) === JSON.stringify(stamp);
  if (options.check) {
    if (!current)
      throw new PrepareError(
        `${path.relative(root, addon)} is missing or was built for something else; run node scripts/prepare-electron-sqlite.mjs`,
      );
    return { path: addon, status: 'up-to-date', abi: readJson(stampPath).abi };
  }
  if (current && !options.force) return { path: addon, status: 'up-to-date', abi: readJson(stampPath).abi };

  const nodeGyp = findNodeGyp(root);
  if (!nodeGyp)
    throw new PrepareError(
      'node-gyp was not found (it ships with npm); install it with npm install -g node-gyp',
    );

  const distUrl = options.distUrl ?? DEFAULT_DIST_URL;
  const nodedir =
    options.nodedir ??
    process.env.ELECTRON_HEADERS_DIR ??
    (runtime === 'node' ? path.dirname(path.dirname(process.execPath)) : undefined);
  if (nodedir && !hasHeaders(nodedir))
    throw new PrepareError(`${nodedir} does not contain Node/Electron headers (include/node/node_version.h)`);
  if (!nodedir) await probeHeaders(distUrl, target);

  mkdirSync(outDir, { recursive: true });
  const work = path.join(outDir, 'work');
  rmSync(work, { recursive: true, force: true });
  // A private copy of the sources, so node_modules' Node build is never touched.
  for (const entry of ['binding.gyp', 'package.json', 'src', 'deps'])
    cpSync(path.join(sqlitePkgDir, entry), path.join(work, entry), { recursive: true });

  const args = [
    nodeGyp,
    'rebuild',
    '--release',
    `--target=${target}`,
    `--arch=${process.arch}`,
    `--devdir=${path.join(outDir, '.gyp')}`,
  ];
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  else args.push(`--dist-url=${distUrl}`);
  log(
    `building better-sqlite3 ${sqliteVersion} for ${runtime} ${target} (this compiles SQLite; a few minutes)`,
  );
  const r = await run(process.execPath, args, { cwd: work, env: cleanEnv() });
  const logPath = path.join(outDir, 'build.log');
  writeFileSync(logPath, r.log);
  if (r.code !== 0) {
    throw new PrepareError(
      `building better-sqlite3 for ${runtime} ${target} failed (node-gyp exit ${r.code}): ${firstError(r.log)} — full log: ${path.relative(root, logPath)}`,
    );
  }
  const built = path.join(work, 'build', 'Release', ADDON_FILE);
  if (!existsSync(built))
    throw new PrepareError(
      `node-gyp succeeded but ${path.relative(root, built)} is missing — full log: ${path.relative(root, logPath)}`,
    );
  const abi = verifyAbi(built, runtime, electronAbi);

  const tmp = `${addon}.tmp`;
  cpSync(built, tmp);
  renameSync(tmp, addon);
  writeFileSync(
    stampPath,
    `${JSON.stringify({ build: stamp, abi, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  rmSync(work, { recursive: true, force: true });
  return { path: addon, status: 'built', abi };
}

function parseArgs(argv) {
  const o = {};
  for (const a of argv) {
    const [k, v] = a.split(/=(.*)/s, 2);
    if (k === '--force') o.force = true;
    else if (k === '--check') o.check = true;
    else if (k === '--skip-binary-check') o.skipBinaryCheck = true;
    else if (k === '--nodedir' && v) o.nodedir = path.resolve(v);
    else if (k === '--dist-url' && v) o.distUrl = v;
    else if (k === '--runtime' && v) o.runtime = v;
    else if (k === '--out' && v) o.outDir = v;
    else if (k === '--help' || k === '-h') o.help = true;
    else throw new PrepareError(`unknown argument ${a}; see --help`);
  }
  return o;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(
        'usage: node scripts/prepare-electron-sqlite.mjs [--force] [--check] [--skip-binary-check] [--nodedir=DIR] [--dist-url=URL] [--runtime=electron|node] [--out=DIR]',
      );
      return;
    }
    const r = await prepareElectronSqlite({
      ...opts,
      log: (m) => console.log(`prepare-electron-sqlite: ${m}`),
    });
    console.log(
      `prepare-electron-sqlite: ${r.status}: ${path.relative(process.cwd(), r.path) || r.path} (NODE_MODULE_VERSION ${r.abi})`,
    );
  } catch (e) {
    const msg = e instanceof PrepareError ? e.message : `unexpected failure: ${e?.message ?? e}`;
    console.error(`prepare-electron-sqlite: ${msg.replace(/\s*\n\s*/g, ' ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
