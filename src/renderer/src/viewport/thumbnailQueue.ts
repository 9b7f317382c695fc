/**
 * Pose thumbnails are rendered one at a time by a single hidden WebGL canvas (PoseThumbnailHost) and kept as
 * images: a grid of a hundred poses then costs one WebGL context (Chromium allows about sixteen) and nothing at
 * all once every image is drawn. This module is the bookkeeping between the cells that want images and the
 * host that draws them; it knows nothing about WebGL.
 */

export type ThumbnailScheme = 'light' | 'dark';

export interface ThumbnailJob {
  /** Cache key: scheme, caller's id and a fingerprint of the pose, so an edited pose is drawn again. */
  key: string;
  pose: Float32Array;
  scheme: ThumbnailScheme;
}

/** A short, stable fingerprint of a pose's numbers (FNV-1a over their float32 bits). */
export function poseFingerprint(pose: ArrayLike<number>): string {
  const f = new Float32Array(pose.length);
  for (let i = 0; i < pose.length; i++) f[i] = pose[i];
  const bits = new Uint32Array(f.buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) {
    h ^= bits[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${pose.length}-${h.toString(36)}`;
}

export function thumbnailKey(id: string, pose: ArrayLike<number>, scheme: ThumbnailScheme): string {
  return `${scheme}|${id}|${poseFingerprint(pose)}`;
}

export interface ThumbnailQueue {
  /** The image URL for a key, once drawn. */
  get(key: string): string | undefined;
  /**
   * Asks for a thumbnail; a key already drawn or waiting is not queued twice. Call the returned function when
   * the picture is no longer wanted (the cell unmounted): a job nobody wants any more is dropped unless it is
   * being drawn, so a page that switches views does not wait behind pictures it stopped showing.
   */
  request(job: ThumbnailJob): () => void;
  /** The next job for the host to draw, or null when there is nothing to do. */
  next(): ThumbnailJob | null;
  /** The host hands back the drawn image (or null when drawing failed, so the key may be asked for again). */
  complete(key: string, url: string | null): void;
  /** How many jobs wait to be drawn (including one being drawn). */
  pending(): number;
  subscribe(listener: () => void): () => void;
}

/**
 * `maxImages` bounds memory: past it the oldest images are forgotten (and `revoke` frees their URLs); a cell
 * that still shows one keeps its <img>, and asks again only when it remounts.
 */
export function createThumbnailQueue(
  opts: { maxImages?: number; revoke?: (url: string) => void } = {},
): ThumbnailQueue {
  const maxImages = opts.maxImages ?? 600;
  const images = new Map<string, string>();
  const waiting: ThumbnailJob[] = [];
  const wanted = new Map<string, number>();
  let drawing: string | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };

  return {
    get: (key) => images.get(key),
    request(job) {
      wanted.set(job.key, (wanted.get(job.key) ?? 0) + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const n = (wanted.get(job.key) ?? 1) - 1;
        if (n > 0) {
          wanted.set(job.key, n);
          return;
        }
        wanted.delete(job.key);
        const i = waiting.findIndex((w) => w.key === job.key);
        if (i >= 0 && drawing !== job.key) {
          waiting.splice(i, 1);
          notify();
        }
      };
      if (!images.has(job.key) && !waiting.some((w) => w.key === job.key)) {
        waiting.push(job);
        notify();
      }
      return release;
    },
    next() {
      if (drawing !== null) {
        const current = waiting.find((w) => w.key === drawing);
        if (current) return current;
      }
      const job = waiting[0] ?? null;
      drawing = job?.key ?? null;
      return job;
    },
    complete(key, url) {
      const i = waiting.findIndex((w) => w.key === key);
      if (i >= 0) waiting.splice(i, 1);
      if (drawing === key) drawing = null;
      if (url !== null) {
        images.set(key, url);
        while (images.size > maxImages) {
          const [oldKey, oldUrl] = images.entries().next().value as [string, string];
          images.delete(oldKey);
          opts.revoke?.(oldUrl);
        }
      }
      notify();
    },
    pending: () => waiting.length,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
