/**
 * Frames from the browser engine: a (hidden) video element is seeked to each time and drawn, downscaled, to a canvas,
 * whose JPEG bytes travel base64-encoded (a 512-pixel frame is tens of kilobytes; raw RGBA would be ~0.6 MB).
 */

/** Waits for an event on the element, failing on 'error' or after `ms`. */
function once(el: HTMLVideoElement, event: string, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`the video did not fire ${event} within ${ms / 1000} s`)), ms);
    const ok = () => finish(null);
    const bad = () => finish(new Error(el.error?.message || 'the browser cannot decode this video'));
    function finish(e: Error | null) {
      clearTimeout(timer);
      el.removeEventListener(event, ok);
      el.removeEventListener('error', bad);
      if (e) reject(e);
      else resolve();
    }
    el.addEventListener(event, ok, { once: true });
    el.addEventListener('error', bad, { once: true });
  });
}

/** Loads a file into a video element; resolves with its size and duration once the metadata is known. */
export async function loadVideo(el: HTMLVideoElement, url: string): Promise<{ width: number; height: number; durationS: number }> {
  el.muted = true;
  el.preload = 'auto';
  const loaded = once(el, 'loadeddata');
  el.src = url;
  await loaded;
  if (!(el.videoWidth > 0 && el.videoHeight > 0)) throw new Error('the file has no video picture');
  return { width: el.videoWidth, height: el.videoHeight, durationS: Number.isFinite(el.duration) ? el.duration : 0 };
}

/** Shows the picture at `t` (seconds), resolving when the element has it. */
export async function seekTo(el: HTMLVideoElement, t: number): Promise<void> {
  if (Math.abs(el.currentTime - t) < 1e-4 && el.readyState >= 2) return;
  // A seek before the metadata is known is not reliably reported; wait for it first.
  if (el.readyState < 1) await once(el, 'loadedmetadata');
  const seeked = once(el, 'seeked');
  el.currentTime = t;
  await seeked;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The element's current picture at `width` × `height`, as base64 JPEG bytes. */
export async function grabJpeg(el: HTMLVideoElement, canvas: HTMLCanvasElement, width: number, height: number, quality = 0.9): Promise<string> {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.drawImage(el, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error('the canvas could not encode the frame');
  return toBase64(new Uint8Array(await blob.arrayBuffer()));
}
