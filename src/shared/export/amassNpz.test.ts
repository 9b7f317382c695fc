import { describe, expect, it } from 'vitest';
import { REST_JOINTS, axisAngleToMatrix, rotationAngleBetween } from '../body';
import { randomPoses, rng } from '../body/testRandom';
import { AMASS_EXPORT_FRAMERATE, amassNpz, amassNpzSequence } from './amassNpz';
import { crc32 } from './npz';
import { EXPORT_FORMATS, exportFileName } from './provenance';

const provenance = { app: 'Pose-RFT Studio', version: '1.2.3', sessionId: 's-1', name: 'Kneeling', exportedAt: '2026-11-25T08:00:00.000Z' };

interface Member {
  descr: string;
  shape: number[];
  body: DataView;
}

/** Reads the members of a stored zip by walking its local headers (what this writer produces), checking CRCs. */
function readMembers(zip: Uint8Array): Map<string, Member> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = new Map<string, Member>();
  let o = 0;
  while (v.getUint32(o, true) === 0x04034b50) {
    const size = v.getUint32(o + 18, true);
    const nameLen = v.getUint16(o + 26, true);
    const name = new TextDecoder().decode(zip.subarray(o + 30, o + 30 + nameLen));
    const data = zip.subarray(o + 30 + nameLen, o + 30 + nameLen + size);
    expect(crc32(data)).toBe(v.getUint32(o + 14, true));
    const hlen = data[8] | (data[9] << 8);
    const header = new TextDecoder().decode(data.subarray(10, 10 + hlen));
    const descr = /'descr': '([^']+)'/.exec(header)?.[1] ?? '';
    const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
    out.set(name.replace(/\.npy$/, ''), { descr, shape, body: new DataView(data.buffer, data.byteOffset + 10 + hlen, data.length - 10 - hlen) });
    o += 30 + nameLen + size;
  }
  return out;
}

const f32s = (m: Member): number[] => Array.from({ length: m.body.byteLength / 4 }, (_, i) => m.body.getFloat32(i * 4, true));
function str(m: Member): string {
  const cps = Array.from({ length: m.body.byteLength / 4 }, (_, i) => m.body.getUint32(i * 4, true)).filter((c) => c !== 0);
  return String.fromCodePoint(...cps);
}

describe('amassNpz', () => {
  const pose = randomPoses(rng(7), 1, 66, 2.5);

  for (const layout of [72, 156] as const) {
    it(`writes the documented keys, dtypes and shapes for the ${layout} layout`, () => {
      const m = readMembers(amassNpz(pose, layout, { provenance, prompt: 'a person kneels', seed: 42, model: 'policy-v1' }));
      const want: Record<string, [string, number[]]> = {
        poses: ['<f4', [1, layout]],
        trans: ['<f4', [1, 3]],
        betas: ['<f4', [layout === 72 ? 10 : 16]],
        gender: ['<U7', []],
        mocap_framerate: ['<f8', []],
        surface_model_type: [layout === 72 ? '<U4' : '<U5', []],
        root_orient: ['<f4', [1, 3]],
        pose_body: ['<f4', [1, 63]],
        ...(layout === 156 ? { pose_hand: ['<f4', [1, 90]] as [string, number[]] } : {}),
        app: ['<U15', []],
        version: ['<U5', []],
        name: ['<U8', []],
        exported_at: ['<U24', []],
        session_id: ['<U3', []],
        prompt: ['<U15', []],
        model: ['<U9', []],
        seed: ['<i8', []],
      };
      expect([...m.keys()]).toEqual(Object.keys(want));
      for (const [k, [descr, shape]] of Object.entries(want)) expect({ k, descr: m.get(k)?.descr, shape: m.get(k)?.shape }).toEqual({ k, descr, shape });

      const poses = f32s(m.get('poses') as Member);
      // Body joints 1..21 as they are (float32), hands zero.
      expect(poses.slice(3, 66)).toEqual(Array.from(pose.subarray(3, 66)));
      expect(poses.slice(66).every((x) => x === 0)).toBe(true);
      expect(f32s(m.get('root_orient') as Member)).toEqual(poses.slice(0, 3));
      expect(f32s(m.get('pose_body') as Member)).toEqual(poses.slice(3, 66));
      if (layout === 156) expect(f32s(m.get('pose_hand') as Member)).toEqual(new Array(90).fill(0));
      expect(f32s(m.get('betas') as Member).every((x) => x === 0)).toBe(true);
      expect(m.get('mocap_framerate')?.body.getFloat64(0, true)).toBe(AMASS_EXPORT_FRAMERATE);
      expect(str(m.get('gender') as Member)).toBe('neutral');
      expect(str(m.get('prompt') as Member)).toBe('a person kneels');
      expect(str(m.get('model') as Member)).toBe('policy-v1');
      expect(str(m.get('exported_at') as Member)).toBe(provenance.exportedAt);
      expect(str(m.get('app') as Member)).toBe('Pose-RFT Studio');
      expect(m.get('seed')?.body.getBigInt64(0, true)).toBe(42n);
    });
  }

  it('turns the body from Y up to Z up: root = Rx(+90°)·R, pelvis at Rx(+90°)·J0', () => {
    const m = readMembers(amassNpz(pose, 72, { provenance }));
    const root = f32s(m.get('poses') as Member).slice(0, 3);
    const before = axisAngleToMatrix(pose);
    const after = axisAngleToMatrix(root);
    // Rx(+90°) rows: (1,0,0), (0,0,−1), (0,1,0).
    const rows = [[1, 0, 0], [0, 0, -1], [0, 1, 0]];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(after[i * 3 + j]).toBeCloseTo(rows[i][0] * before[j] + rows[i][1] * before[3 + j] + rows[i][2] * before[6 + j], 6);
    const t = f32s(m.get('trans') as Member);
    const j0 = [REST_JOINTS[0], REST_JOINTS[1], REST_JOINTS[2]];
    const pelvis = [0, 1, 2].map((a) => j0[a] + t[a]);
    expect(pelvis[0]).toBeCloseTo(j0[0], 6);
    expect(pelvis[1]).toBeCloseTo(-j0[2], 6);
    expect(pelvis[2]).toBeCloseTo(j0[1], 6);
    // The rest pose (standing, Y up) stands along +Z: its root is +90° about X.
    const rest = f32s(readMembers(amassNpz(new Float32Array(66), 72, { provenance })).get('poses') as Member).slice(0, 3);
    expect(rotationAngleBetween(axisAngleToMatrix(rest), axisAngleToMatrix([Math.PI / 2, 0, 0]))).toBeLessThan(1e-6);
  });

  it('omits unknown metadata, ignores a 72-number pose\'s hands and is deterministic', () => {
    const { sessionId: _unused, ...noSession } = provenance;
    void _unused;
    const bytes = amassNpz(pose, 156, { provenance: noSession });
    const m = readMembers(bytes);
    for (const k of ['session_id', 'prompt', 'model', 'seed']) expect(m.has(k)).toBe(false);
    const with72 = new Float32Array(72);
    with72.set(pose);
    with72.fill(0.7, 66);
    expect(amassNpz(with72, 156, { provenance: noSession })).toEqual(bytes);
    expect(amassNpz(pose, 156, { provenance: noSession })).toEqual(bytes);
  });

  it('refuses a wrong length, a non-finite value, an unknown layout and a bad seed', () => {
    expect(() => amassNpz(new Float32Array(65), 72, { provenance })).toThrow(/66 \(or 72\) numbers, got 65/);
    const nan = Float32Array.from(pose);
    nan[10] = NaN;
    expect(() => amassNpz(nan, 72, { provenance })).toThrow(/pose value 10 is not a finite number/);
    expect(() => amassNpz(pose, 66 as 72, { provenance })).toThrow(/layout must be 72/);
    expect(() => amassNpz(pose, 72, { provenance, seed: 1.5 })).toThrow(/seed must be a safe integer/);
  });
});

describe('AMASS export formats', () => {
  it('are binary .npz formats with file names like the others', () => {
    expect(EXPORT_FORMATS['amass-npz-72']).toMatchObject({ extension: 'npz', mimeType: 'application/octet-stream', binary: true });
    expect(EXPORT_FORMATS['amass-npz-156']).toMatchObject({ extension: 'npz', mimeType: 'application/octet-stream', binary: true });
    expect(EXPORT_FORMATS['smpl-json'].binary).toBe(false);
    expect(EXPORT_FORMATS.bvh.binary).toBe(false);
    expect(exportFileName('Kneeling, arms up', 'amass-npz-72')).toBe('Kneeling, arms up.npz');
    expect(exportFileName('a/b', 'amass-npz-156')).toBe('a_b.npz');
  });
});

describe('amassNpzSequence', () => {
  const poses = randomPoses(rng(11), 3, 66, 2);
  const rows = [0, 1, 2].map((f) => poses.subarray(f * 66, f * 66 + 66));

  it('writes N rows, each what the one-pose export writes, with the sequence’s frame rate and frame indices', () => {
    const seq = readMembers(amassNpzSequence(rows, 72, { provenance, framerate: 12.5, frameIndices: [0, 2, 5] }));
    expect(seq.get('poses')!.shape).toEqual([3, 72]);
    expect(seq.get('trans')!.shape).toEqual([3, 3]);
    expect(seq.get('root_orient')!.shape).toEqual([3, 3]);
    expect(seq.get('pose_body')!.shape).toEqual([3, 63]);
    expect(seq.get('mocap_framerate')!.body.getFloat64(0, true)).toBe(12.5);
    const idx = seq.get('frame_indices')!;
    expect(idx.descr).toBe('<i8');
    expect([0, 1, 2].map((i) => Number(idx.body.getBigInt64(i * 8, true)))).toEqual([0, 2, 5]);
    const all = f32s(seq.get('poses')!);
    rows.forEach((pose, f) => {
      const one = readMembers(amassNpz(pose, 72, { provenance }));
      expect(all.slice(f * 72, f * 72 + 72)).toEqual(f32s(one.get('poses')!));
      expect(f32s(seq.get('trans')!).slice(f * 3, f * 3 + 3)).toEqual(f32s(one.get('trans')!));
      expect(f32s(seq.get('root_orient')!).slice(f * 3, f * 3 + 3)).toEqual(f32s(one.get('poses')!).slice(0, 3));
    });
  });

  it('refuses an empty sequence, a bad frame rate and mismatched frame indices', () => {
    expect(() => amassNpzSequence([], 72, { provenance, framerate: 30 })).toThrow(RangeError);
    expect(() => amassNpzSequence(rows, 72, { provenance, framerate: 0 })).toThrow(RangeError);
    expect(() => amassNpzSequence(rows, 72, { provenance, framerate: 30, frameIndices: [0] })).toThrow(RangeError);
    expect(() => amassNpzSequence([new Float32Array(65)], 72, { provenance, framerate: 30 })).toThrow(RangeError);
  });
});
