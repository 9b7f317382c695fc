import { describe, expect, it } from 'vitest';
import { BVH_MAX_FRAMES, parseBvh } from './parse';

/** A small valid file; `lines` is edited by the malformed cases below (1-based line = index + 1). */
const VALID = [
  'HIERARCHY', // 1
  'ROOT Hips', // 2
  '{', // 3
  '  OFFSET 0 0 0', // 4
  '  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation', // 5
  '  JOINT LeftUpLeg', // 6
  '  {', // 7
  '    OFFSET 1 -2 0', // 8
  '    CHANNELS 3 Zrotation Yrotation Xrotation', // 9
  '    End Site', // 10
  '    {', // 11
  '      OFFSET 0 -4 0', // 12
  '    }', // 13
  '  }', // 14
  '}', // 15
  'MOTION', // 16
  'Frames: 2', // 17
  'Frame Time: 0.0333333', // 18
  '0 1 2 10 20 30 1 2 3', // 19
  '0.5 1 2 -10 -20 -30 -1 -2 -3', // 20
];

const text = (lines: string[]): string => lines.join('\n') + '\n';
const edit = (line: number, content: string | null): string[] => {
  const l = VALID.slice();
  if (content === null) l.splice(line - 1, 1);
  else l[line - 1] = content;
  return l;
};

function expectError(input: string, code: string, line: number | undefined, pattern: RegExp): void {
  const r = parseBvh(input);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.code).toBe(code);
  expect(r.error.line).toBe(line);
  expect(r.error.message).toMatch(pattern);
}

describe('parseBvh: valid input', () => {
  it('reads joints, offsets, channels in their listed order, End Sites and frames', () => {
    const r = parseBvh(text(VALID));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { joints, channelCount, frameCount, frameTime, motion } = r.bvh;
    expect(joints.map((j) => j.name)).toEqual(['Hips', 'LeftUpLeg', 'LeftUpLeg_End']);
    expect(joints.map((j) => j.parent)).toEqual([-1, 0, 1]);
    expect(joints[0].channels).toEqual(['Xposition', 'Yposition', 'Zposition', 'Zrotation', 'Xrotation', 'Yrotation']);
    expect(joints[1].channelStart).toBe(6);
    expect(joints[2].endSite).toBe(true);
    expect(joints[2].offset).toEqual([0, -4, 0]);
    expect(joints[1].line).toBe(6);
    expect(channelCount).toBe(9);
    expect(frameCount).toBe(2);
    expect(frameTime).toBeCloseTo(0.0333333, 9);
    expect(Array.from(motion.subarray(9, 18))).toEqual([0.5, 1, 2, -10, -20, -30, -1, -2, -3]);
  });

  it('is tolerant of CRLF, tabs, runs of spaces, blank lines, a BOM and braces on the JOINT line', () => {
    const messy =
      '\ufeffHIERARCHY\r\n\r\nROOT\tHips {\r\n\t\tOFFSET\t0   0 0\r\n CHANNELS 3 Yrotation Xrotation Zrotation\r\n' +
      'JOINT Bip01 L Thigh\r\n{\r\nOFFSET 1 -2 0\r\nCHANNELS 3 Xrotation Yrotation Zrotation\r\nEnd Site\r\n{\r\nOFFSET 0 -4 0\r\n}\r\n}\r\n}\r\n' +
      'MOTION\r\nFrames:\t1\r\nFrame Time:   .04\r\n\t1e1 -2.5E-1  +3 .5 0 0   \r\n\r\n';
    const r = parseBvh(messy);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // A rotation-only root, names with spaces, exponent and signed numbers.
    expect(r.bvh.joints[0].channels).toEqual(['Yrotation', 'Xrotation', 'Zrotation']);
    expect(r.bvh.joints[1].name).toBe('Bip01 L Thigh');
    expect(Array.from(r.bvh.motion)).toEqual([10, -0.25, 3, 0.5, 0, 0]);
    expect(r.bvh.frameTime).toBeCloseTo(0.04, 9);
  });
});

describe('parseBvh: malformed input is refused with the right line', () => {
  const cases: { name: string; input: string; code: string; line: number | undefined; pattern: RegExp }[] = [
    { name: 'empty file', input: '', code: 'empty', line: 1, pattern: /empty/ },
    { name: 'not a BVH file', input: 'hello world\n', code: 'bad_format', line: 1, pattern: /starts with "HIERARCHY"/ },
    { name: 'missing closing brace', input: text(edit(14, null)), code: 'bad_format', line: 15, pattern: /MOTION before the hierarchy is closed|unbalanced/ },
    { name: 'extra closing brace', input: text([...VALID.slice(0, 15), '}', ...VALID.slice(15)]), code: 'bad_format', line: 16, pattern: /unbalanced braces/ },
    { name: 'stray opening brace', input: text([...VALID.slice(0, 5), '{', ...VALID.slice(5)]), code: 'bad_format', line: 6, pattern: /unexpected "\{"/ },
    { name: 'too few values in a frame', input: text(edit(20, '0.5 1 2 -10 -20 -30 -1 -2')), code: 'bad_format', line: 20, pattern: /frame 2 has 8 values.*9 channels/ },
    { name: 'too many values in a frame', input: text(edit(19, '0 1 2 10 20 30 1 2 3 4')), code: 'bad_format', line: 19, pattern: /frame 1 has 10 values/ },
    { name: 'non-numeric value', input: text(edit(20, '0.5 1 2 -10 abc -30 -1 -2 -3')), code: 'bad_format', line: 20, pattern: /value 5 "abc" is not a number/ },
    { name: 'NaN value', input: text(edit(19, '0 1 2 NaN 20 30 1 2 3')), code: 'bad_format', line: 19, pattern: /"NaN" is not a number/ },
    { name: 'missing MOTION', input: text(VALID.slice(0, 15)), code: 'bad_format', line: 15, pattern: /no MOTION section/ },
    { name: 'fewer frames than declared', input: text(edit(17, 'Frames: 3')), code: 'bad_format', line: 20, pattern: /ends after 2 frames.*declares 3/ },
    { name: 'more frames than declared', input: text(edit(17, 'Frames: 1')), code: 'bad_format', line: 20, pattern: /more frame lines than the 1 declared/ },
    { name: 'unknown channel name', input: text(edit(9, '    CHANNELS 3 Zrotation Wrotation Xrotation')), code: 'bad_format', line: 9, pattern: /unknown channel "Wrotation"/ },
    { name: 'channel count disagrees with the list', input: text(edit(9, '    CHANNELS 4 Zrotation Yrotation Xrotation')), code: 'bad_format', line: 9, pattern: /declares 4 channels but lists 3/ },
    { name: 'channel listed twice', input: text(edit(9, '    CHANNELS 3 Zrotation Zrotation Xrotation')), code: 'bad_format', line: 9, pattern: /listed twice/ },
    { name: 'absurd channel count', input: text(edit(9, '    CHANNELS 300 Zrotation')), code: 'bad_format', line: 9, pattern: /must be 0 to 6/ },
    { name: 'OFFSET with two numbers', input: text(edit(8, '    OFFSET 1 -2')), code: 'bad_format', line: 8, pattern: /needs 3 numbers/ },
    { name: 'non-numeric OFFSET', input: text(edit(12, '      OFFSET 0 x 0')), code: 'bad_format', line: 12, pattern: /OFFSET value "x"/ },
    { name: 'missing CHANNELS', input: text(edit(9, null)), code: 'bad_format', line: 9, pattern: /expected "CHANNELS"/ },
    { name: 'End Site with channels', input: text([...VALID.slice(0, 12), '      CHANNELS 3 Xrotation Yrotation Zrotation', ...VALID.slice(12)]), code: 'bad_format', line: 13, pattern: /End Site has no channels/ },
    { name: 'duplicate joint name', input: text(edit(6, '  JOINT Hips')), code: 'bad_format', line: 6, pattern: /used twice/ },
    { name: 'bad Frames line', input: text(edit(17, 'Frames 2')), code: 'bad_format', line: 17, pattern: /expected "Frames: <count>"/ },
    { name: 'fractional frame count', input: text(edit(17, 'Frames: 2.5')), code: 'bad_format', line: 17, pattern: /not a whole number/ },
    { name: 'zero frames', input: text(edit(17, 'Frames: 0')), code: 'empty', line: 17, pattern: /no frames/ },
    { name: 'absurd frame count', input: text(edit(17, 'Frames: 99999999999')), code: 'too_large', line: 17, pattern: new RegExp(`more than the ${BVH_MAX_FRAMES}`) },
    { name: 'a frame count the file cannot hold', input: text(edit(17, 'Frames: 150000')), code: 'bad_format', line: 17, pattern: /needs 1350000 values, far more than the rest of the file holds/ },
    { name: 'zero frame time', input: text(edit(18, 'Frame Time: 0')), code: 'bad_format', line: 18, pattern: /must be positive/ },
    { name: 'missing frame time', input: text(edit(18, null)), code: 'bad_format', line: 18, pattern: /expected "Frame Time: <seconds>"/ },
    { name: 'second ROOT', input: text([...VALID.slice(0, 15), 'ROOT Other', ...VALID.slice(15)]), code: 'unsupported', line: 16, pattern: /more than one ROOT/ },
    { name: 'JOINT without a name', input: text(edit(6, '  JOINT')), code: 'bad_format', line: 6, pattern: /without a name/ },
    { name: 'file ends inside the hierarchy', input: text(VALID.slice(0, 9)), code: 'bad_format', line: 9, pattern: /ends before joint "LeftUpLeg" is closed/ },
  ];
  for (const c of cases) {
    it(c.name, () => expectError(c.input, c.code, c.line, c.pattern));
  }

  it('never throws and never returns a partial file, whatever the damage', () => {
    // Deterministic damage: cut the file at every position, and swap single characters for garbage.
    const src = text(VALID);
    for (let cut = 0; cut < src.length; cut += 3) {
      const r = parseBvh(src.slice(0, cut));
      if (r.ok) {
        // Only cuts inside the trailing newline can still be complete.
        expect(r.bvh.motion.length).toBe(r.bvh.frameCount * r.bvh.channelCount);
        expect(cut).toBeGreaterThanOrEqual(src.length - 1);
      } else {
        expect(r.error.message.length).toBeGreaterThan(0);
      }
    }
    for (let i = 0; i < src.length; i += 2) {
      for (const ch of ['{', '}', 'x', ' ', '\n', '-']) {
        const r = parseBvh(src.slice(0, i) + ch + src.slice(i + 1));
        if (r.ok) expect(r.bvh.motion.length).toBe(r.bvh.frameCount * r.bvh.channelCount);
        else expect(typeof r.error.message).toBe('string');
      }
    }
    expect(parseBvh(42 as unknown as string).ok).toBe(false);
  });
});
