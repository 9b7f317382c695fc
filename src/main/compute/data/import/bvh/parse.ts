import type { ImportError } from '../../types';

/**
 * A strict BVH (Biovision hierarchy) reader. Tolerant of layout (CRLF, tabs, runs of spaces, blank lines,
 * a UTF-8 BOM, `{` on the JOINT line), strict about structure: every problem is reported as an ImportError
 * with the 1-based line where it was found, and nothing partial is ever returned.
 *
 * Semantics (documented here because BVH writers disagree):
 * - A joint's channels are read in the listed order; rotations compose in that order, first listed
 *   outermost: `CHANNELS 3 Zrotation Yrotation Xrotation` means R = Rz·Ry·Rx (degrees, acting on column vectors).
 * - Position channels are ADDED to the joint's OFFSET (for every joint, the root included). MakeHuman writes
 *   zero-valued position channels on inner joints, which only this reading keeps intact; for the root the
 *   two readings differ by a constant, which the retargeter removes anyway (it re-grounds and re-centres).
 * - End Sites become joints without channels, named `<parent>_End`, so the bone they close has a direction.
 */

/** Largest number of joints (End Sites included) a file may declare: MakeHuman's full rig has ~215. */
export const BVH_MAX_JOINTS = 4096;
/** Largest number of frames: over 2 h at 24 fps, 28 min at 120 fps. */
export const BVH_MAX_FRAMES = 200_000;
/** Largest frames × channels product (the Float32 motion buffer, 256 MB). */
export const BVH_MAX_VALUES = 64_000_000;
/** Deepest joint nesting accepted. */
export const BVH_MAX_DEPTH = 256;

export type BvhChannel = 'Xposition' | 'Yposition' | 'Zposition' | 'Xrotation' | 'Yrotation' | 'Zrotation';
const CHANNEL_NAMES: ReadonlySet<string> = new Set<BvhChannel>([
  'Xposition',
  'Yposition',
  'Zposition',
  'Xrotation',
  'Yrotation',
  'Zrotation',
]);

export interface BvhJoint {
  name: string;
  /** Index of the parent joint; -1 for the root. Parents come before children. */
  parent: number;
  offset: [number, number, number];
  channels: BvhChannel[];
  /** Index of this joint's first channel within a frame's values. */
  channelStart: number;
  endSite: boolean;
  /** 1-based line of the ROOT / JOINT / End keyword. */
  line: number;
}

export interface BvhFile {
  joints: BvhJoint[];
  /** Channels per frame (sum over joints). */
  channelCount: number;
  frameCount: number;
  /** Seconds per frame (> 0). */
  frameTime: number;
  /** frameCount × channelCount values as written (degrees for rotations, file units for positions). */
  motion: Float32Array;
}

export type BvhParseResult = { ok: true; bvh: BvhFile } | { ok: false; error: ImportError };

class BvhError extends Error {
  constructor(
    readonly code: ImportError['code'],
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(tok: string, line: number, what: string): number {
  if (!NUMBER_RE.test(tok)) throw new BvhError('bad_format', `line ${line}: ${what} "${clip(tok)}" is not a number`, line);
  const v = Number(tok);
  if (!Number.isFinite(v)) throw new BvhError('bad_format', `line ${line}: ${what} "${clip(tok)}" is out of range`, line);
  return v;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Line cursor over the text: splits on \n, drops \r, skips blank lines and counts lines. */
class Lines {
  private pos = 0;
  /** 1-based number of the line last returned by next(). */
  lineNo = 0;
  /** 1-based number of the last line read that was not blank: where "the file ends early" is reported. */
  lastContent = 1;
  constructor(private readonly text: string) {}

  /** The next non-blank line's whitespace-separated tokens, or null at the end. */
  next(): string[] | null {
    for (;;) {
      const raw = this.raw();
      if (raw === null) return null;
      const toks = raw.trim().split(/\s+/);
      if (toks.length === 1 && toks[0] === '') continue;
      return toks;
    }
  }

  /** The next line as written (without its line ending), or null at the end. */
  raw(): string | null {
    if (this.pos > this.text.length) return null;
    let end = this.text.indexOf('\n', this.pos);
    if (end < 0) end = this.text.length;
    let line = this.text.slice(this.pos, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.pos = end + 1;
    this.lineNo++;
    if (line.trim() !== '') this.lastContent = this.lineNo;
    return line;
  }

  /** Characters not read yet. */
  get remaining(): number {
    return Math.max(0, this.text.length - this.pos);
  }
}

/**
 * A pending token stream for the hierarchy: it is line based, since joint names are the rest of their line
 * (names may contain spaces: "Bip01 L Thigh"), yet `{` / `}` may share a line with other tokens.
 */
class HierarchyReader {
  private toks: string[] = [];
  private idx = 0;
  line = 0;
  constructor(private readonly lines: Lines) {}

  /** Next token and its line; null at end of text. */
  peek(): string | null {
    while (this.idx >= this.toks.length) {
      const t = this.lines.next();
      if (t === null) return null;
      this.toks = t;
      this.idx = 0;
      this.line = this.lines.lineNo;
    }
    return this.toks[this.idx];
  }

  take(): string | null {
    const t = this.peek();
    if (t !== null) this.idx++;
    return t;
  }

  /** The rest of the current line's tokens (consumed). */
  restOfLine(): string[] {
    const r = this.toks.slice(this.idx);
    this.idx = this.toks.length;
    return r;
  }

  /** True when the current line has no more tokens. */
  get lineDone(): boolean {
    return this.idx >= this.toks.length;
  }
}

function expect(r: HierarchyReader, want: string, context: string): void {
  const t = r.take();
  if (t === null) throw new BvhError('bad_format', `line ${r.line}: the file ends inside ${context} (expected "${want}")`, r.line);
  if (t !== want) throw new BvhError('bad_format', `line ${r.line}: expected "${want}" in ${context}, found "${clip(t)}"`, r.line);
}

function readOffset(r: HierarchyReader, context: string): [number, number, number] {
  expect(r, 'OFFSET', context);
  const line = r.line;
  const vals = r.restOfLine();
  if (vals.length !== 3) throw new BvhError('bad_format', `line ${line}: OFFSET of ${context} needs 3 numbers, found ${vals.length}`, line);
  return [parseNumber(vals[0], line, 'OFFSET value'), parseNumber(vals[1], line, 'OFFSET value'), parseNumber(vals[2], line, 'OFFSET value')];
}

function readHierarchy(r: HierarchyReader): { joints: BvhJoint[]; channelCount: number } {
  const joints: BvhJoint[] = [];
  let channelCount = 0;
  const first = r.take();
  if (first === null) throw new BvhError('empty', 'the file is empty', Math.max(1, r.line));
  const firstNorm = first.charCodeAt(0) === 0xfeff ? first.slice(1) : first;
  if (firstNorm !== 'HIERARCHY') throw new BvhError('bad_format', `line ${r.line}: a BVH file starts with "HIERARCHY", found "${clip(firstNorm)}"`, r.line);
  if (!r.lineDone) throw new BvhError('bad_format', `line ${r.line}: unexpected "${clip(r.restOfLine().join(' '))}" after HIERARCHY`, r.line);

  const rootKw = r.take();
  if (rootKw === null) throw new BvhError('bad_format', `line ${r.line}: no ROOT joint after HIERARCHY`, r.line);
  if (rootKw !== 'ROOT') throw new BvhError('bad_format', `line ${r.line}: expected "ROOT", found "${clip(rootKw)}"`, r.line);

  // Explicit stack instead of recursion, so deep files cannot overflow the call stack.
  const stack: number[] = [];
  const names = new Set<string>();

  const openJoint = (kind: 'ROOT' | 'JOINT' | 'End', parent: number): void => {
    const line = r.line;
    let name: string;
    if (kind === 'End') {
      const site = r.take();
      if (site !== 'Site') throw new BvhError('bad_format', `line ${line}: expected "End Site", found "End ${clip(site ?? '')}"`, line);
      name = `${joints[parent].name}_End`;
    } else {
      const rest = r.restOfLine();
      // `JOINT name {` on one line: the brace belongs to the structure, not the name.
      const braceOnLine = rest.length > 0 && rest[rest.length - 1] === '{';
      const nameToks = braceOnLine ? rest.slice(0, -1) : rest;
      name = nameToks.join(' ');
      if (name === '') throw new BvhError('bad_format', `line ${line}: ${kind} without a name`, line);
      if (names.has(name)) throw new BvhError('bad_format', `line ${line}: joint name "${clip(name)}" is used twice`, line);
      names.add(name);
      if (braceOnLine) {
        pushJoint(name, parent, line, false);
        return;
      }
    }
    expect(r, '{', `${kind === 'End' ? 'End Site' : `joint "${clip(name)}"`}`);
    pushJoint(name, parent, line, kind === 'End');
  };

  const pushJoint = (name: string, parent: number, line: number, endSite: boolean): void => {
    if (joints.length >= BVH_MAX_JOINTS) throw new BvhError('too_large', `line ${line}: more than ${BVH_MAX_JOINTS} joints`, line);
    if (stack.length >= BVH_MAX_DEPTH) throw new BvhError('too_large', `line ${line}: joints nested deeper than ${BVH_MAX_DEPTH}`, line);
    const context = endSite ? 'End Site' : `joint "${clip(name)}"`;
    const offset = readOffset(r, context);
    const channels: BvhChannel[] = [];
    if (!endSite) {
      expect(r, 'CHANNELS', context);
      const line2 = r.line;
      const rest = r.restOfLine();
      if (rest.length === 0) throw new BvhError('bad_format', `line ${line2}: CHANNELS of ${context} needs a count`, line2);
      const n = Number(rest[0]);
      if (!/^\d+$/.test(rest[0]) || n > 6) throw new BvhError('bad_format', `line ${line2}: channel count "${clip(rest[0])}" of ${context} must be 0 to 6`, line2);
      if (rest.length - 1 !== n) throw new BvhError('bad_format', `line ${line2}: ${context} declares ${n} channels but lists ${rest.length - 1}`, line2);
      for (const c of rest.slice(1)) {
        if (!CHANNEL_NAMES.has(c)) throw new BvhError('bad_format', `line ${line2}: unknown channel "${clip(c)}" (expected Xposition … Zrotation)`, line2);
        if (channels.includes(c as BvhChannel)) throw new BvhError('bad_format', `line ${line2}: channel ${c} listed twice`, line2);
        channels.push(c as BvhChannel);
      }
    } else if (r.peek() === 'CHANNELS') {
      throw new BvhError('bad_format', `line ${r.line}: an End Site has no channels`, r.line);
    }
    joints.push({ name, parent, offset, channels, channelStart: channelCount, endSite, line });
    channelCount += channels.length;
    stack.push(joints.length - 1);
  };

  openJoint('ROOT', -1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const tok = r.take();
    if (tok === null) throw new BvhError('bad_format', `line ${r.line}: the file ends before joint "${clip(joints[top].name)}" is closed (missing "}")`, r.line);
    if (tok === '}') {
      stack.pop();
      continue;
    }
    if (joints[top].endSite) throw new BvhError('bad_format', `line ${r.line}: expected "}" to close End Site, found "${clip(tok)}"`, r.line);
    if (tok === 'JOINT') openJoint('JOINT', top);
    else if (tok === 'End') openJoint('End', top);
    else if (tok === 'ROOT') throw new BvhError('unsupported', `line ${r.line}: ROOT inside a joint (missing "}" above?)`, r.line);
    else if (tok === 'MOTION') throw new BvhError('bad_format', `line ${r.line}: MOTION before the hierarchy is closed (unbalanced braces)`, r.line);
    else if (tok === '{') throw new BvhError('bad_format', `line ${r.line}: unexpected "{" (unbalanced braces)`, r.line);
    else throw new BvhError('bad_format', `line ${r.line}: unexpected "${clip(tok)}" in joint "${clip(joints[top].name)}"`, r.line);
  }
  if (!r.lineDone) throw new BvhError('bad_format', `line ${r.line}: unexpected "${clip(r.restOfLine().join(' '))}" after the hierarchy`, r.line);
  return { joints, channelCount };
}

function readMotionHeader(r: HierarchyReader, lines: Lines): { frameCount: number; frameTime: number; framesLine: number } {
  const kw = r.take();
  if (kw === null) throw new BvhError('bad_format', `line ${lines.lastContent}: the file has no MOTION section`, lines.lastContent);
  if (kw === 'ROOT') throw new BvhError('unsupported', `line ${r.line}: more than one ROOT (only single-skeleton files are supported)`, r.line);
  if (kw === '}') throw new BvhError('bad_format', `line ${r.line}: unexpected "}" (unbalanced braces)`, r.line);
  if (kw !== 'MOTION') throw new BvhError('bad_format', `line ${r.line}: expected "MOTION", found "${clip(kw)}"`, r.line);
  if (!r.lineDone) throw new BvhError('bad_format', `line ${r.line}: unexpected "${clip(r.restOfLine().join(' '))}" after MOTION`, r.line);

  // "Frames: N" — some writers omit the space or put it before the colon.
  let toks = lines.next();
  let line = lines.lineNo;
  if (toks === null) throw new BvhError('bad_format', `line ${lines.lastContent}: the file ends before "Frames:"`, lines.lastContent);
  let joined = toks.join(' ');
  let m = /^Frames\s*:\s*(\S+)$/.exec(joined);
  if (!m) throw new BvhError('bad_format', `line ${line}: expected "Frames: <count>", found "${clip(joined)}"`, line);
  if (!/^\d+$/.test(m[1])) throw new BvhError('bad_format', `line ${line}: frame count "${clip(m[1])}" is not a whole number`, line);
  const frameCount = Number(m[1]);
  const framesLine = line;
  if (frameCount === 0) throw new BvhError('empty', `line ${line}: the file has no frames (Frames: 0)`, line);
  if (frameCount > BVH_MAX_FRAMES) throw new BvhError('too_large', `line ${line}: ${m[1]} frames is more than the ${BVH_MAX_FRAMES} supported`, line);

  toks = lines.next();
  line = lines.lineNo;
  if (toks === null) throw new BvhError('bad_format', `line ${lines.lastContent}: the file ends before "Frame Time:"`, lines.lastContent);
  joined = toks.join(' ');
  m = /^Frame\s+Time\s*:\s*(\S+)$/.exec(joined);
  if (!m) throw new BvhError('bad_format', `line ${line}: expected "Frame Time: <seconds>", found "${clip(joined)}"`, line);
  const frameTime = parseNumber(m[1], line, 'frame time');
  if (!(frameTime > 0)) throw new BvhError('bad_format', `line ${line}: frame time must be positive, found ${m[1]}`, line);
  return { frameCount, frameTime, framesLine };
}

function readFrames(lines: Lines, frameCount: number, channelCount: number): Float32Array {
  const motion = new Float32Array(frameCount * channelCount);
  let f = 0;
  for (;;) {
    const raw = lines.raw();
    if (raw === null) break;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const line = lines.lineNo;
    if (f >= frameCount) throw new BvhError('bad_format', `line ${line}: more frame lines than the ${frameCount} declared in "Frames:"`, line);
    const toks = trimmed.split(/\s+/);
    if (toks.length !== channelCount) {
      throw new BvhError('bad_format', `line ${line}: frame ${f + 1} has ${toks.length} values, the hierarchy has ${channelCount} channels`, line);
    }
    const base = f * channelCount;
    for (let i = 0; i < channelCount; i++) motion[base + i] = parseNumber(toks[i], line, `frame ${f + 1} value ${i + 1}`);
    f++;
  }
  if (f < frameCount) {
    const line = lines.lastContent;
    throw new BvhError('bad_format', `line ${line}: the file ends after ${f} frames, "Frames:" declares ${frameCount}`, line);
  }
  return motion;
}

/** Parses BVH text. Never throws; any problem comes back as an ImportError with its line. */
export function parseBvh(text: string): BvhParseResult {
  try {
    if (typeof text !== 'string') return { ok: false, error: { code: 'bad_format', message: 'BVH input is not text' } };
    if (text.trim() === '' || text.trim() === '\ufeff') return { ok: false, error: { code: 'empty', message: 'the file is empty', line: 1 } };
    const lines = new Lines(text);
    const r = new HierarchyReader(lines);
    const { joints, channelCount } = readHierarchy(r);
    const { frameCount, frameTime, framesLine } = readMotionHeader(r, lines);
    if (frameCount * channelCount > BVH_MAX_VALUES) {
      return {
        ok: false,
        error: { code: 'too_large', message: `line ${lines.lineNo}: ${frameCount} frames × ${channelCount} channels is more than ${BVH_MAX_VALUES} values`, line: lines.lineNo },
      };
    }
    if (channelCount === 0) {
      return { ok: false, error: { code: 'bad_format', message: `line ${lines.lineNo}: the hierarchy has no channels, so there is no motion to read`, line: lines.lineNo } };
    }
    // Each value takes at least two characters ("0 "): a count the rest of the file cannot possibly hold is
    // refused before its buffer is allocated (a few bytes must not reserve hundreds of megabytes).
    if (frameCount * channelCount > lines.remaining + 65536) {
      return {
        ok: false,
        error: { code: 'bad_format', message: `line ${framesLine}: "Frames: ${frameCount}" needs ${frameCount * channelCount} values, far more than the rest of the file holds`, line: framesLine },
      };
    }
    const motion = readFrames(lines, frameCount, channelCount);
    return { ok: true, bvh: { joints, channelCount, frameCount, frameTime, motion } };
  } catch (e) {
    if (e instanceof BvhError) return { ok: false, error: { code: e.code, message: e.message, line: e.line } };
    // A bug here must still not take the caller down: report it as a refusal with its message.
    return { ok: false, error: { code: 'bad_format', message: `could not read the BVH file: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
