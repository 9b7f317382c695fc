/**
 * A short test clip made at run time from the golden photo (never copied into the repository): 1.2 s at 10 frames a
 * second, a slow pan across the photo, VP8 in WebM (a codec every Chromium and ffmpeg build reads). Null, with the
 * reason, when ffmpeg or the shared fixtures are absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOLDEN_PHOTO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'fixtures', 'images', 'blazepose-golden-pose.jpg');

export function hasFfmpeg(): boolean {
  return ['ffmpeg', 'ffprobe'].every((exe) => !spawnSync(exe, ['-version'], { stdio: 'ignore' }).error);
}

/** Why a clip cannot be made here, or null when it can. */
export function clipUnavailable(): string | null {
  if (!hasFfmpeg()) return 'ffmpeg is not installed';
  if (!existsSync(GOLDEN_PHOTO)) return `${GOLDEN_PHOTO} is absent (/work/shared not mounted)`;
  return null;
}

/** Writes the clip into `dir` and returns its path; throws with ffmpeg's message when it fails. */
export function makeGoldenClip(dir: string, name = 'golden-pan.webm'): string {
  const out = path.join(dir, name);
  // The photo is 1000×667; a 900×600 window pans 60 px right and 40 px down over the clip.
  const r = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-loop', '1', '-framerate', '10', '-i', GOLDEN_PHOTO, '-t', '1.2', '-vf', "crop=900:600:x='50*t':y='33*t',scale=480:320,format=yuv420p", '-c:v', 'libvpx', '-b:v', '1M', '-an', out],
    { encoding: 'utf8' },
  );
  if (r.error || r.status !== 0) throw new Error(`ffmpeg could not make the test clip: ${r.error?.message ?? r.stderr}`);
  return out;
}
