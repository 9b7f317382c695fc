import { describe, expect, it } from 'vitest';
import { createThumbnailQueue, poseFingerprint, thumbnailKey, type ThumbnailJob } from './thumbnailQueue';

const job = (key: string): ThumbnailJob => ({ key, pose: new Float32Array(72), scheme: 'light' });

describe('thumbnail queue', () => {
  it('hands out jobs in request order, one at a time, and keeps the drawn images', () => {
    const q = createThumbnailQueue();
    let notified = 0;
    q.subscribe(() => notified++);
    q.request(job('a'));
    q.request(job('b'));
    q.request(job('a')); // already waiting
    expect(q.pending()).toBe(2);
    expect(q.next()?.key).toBe('a');
    expect(q.next()?.key).toBe('a'); // still drawing a
    q.complete('a', 'blob:a');
    expect(q.get('a')).toBe('blob:a');
    expect(q.next()?.key).toBe('b');
    q.complete('b', null); // drawing failed: no image, may be asked for again
    expect(q.get('b')).toBeUndefined();
    expect(q.next()).toBeNull();
    q.request(job('a')); // drawn already
    expect(q.pending()).toBe(0);
    expect(notified).toBeGreaterThanOrEqual(4);
  });

  it('drops jobs nobody wants any more, but not the one being drawn', () => {
    const q = createThumbnailQueue();
    const releaseA = q.request(job('a'));
    const releaseB1 = q.request(job('b'));
    const releaseB2 = q.request(job('b')); // two cells show the same pose
    const releaseC = q.request(job('c'));
    expect(q.next()?.key).toBe('a');
    releaseA(); // being drawn: finishes anyway
    releaseB1();
    expect(q.pending()).toBe(3); // b still wanted by the second cell
    releaseB2();
    releaseC();
    releaseC(); // releasing twice is harmless
    expect(q.pending()).toBe(1);
    q.complete('a', 'blob:a');
    expect(q.next()).toBeNull();
    expect(q.get('a')).toBe('blob:a');
  });

  it('forgets the oldest images past its limit and frees their URLs', () => {
    const revoked: string[] = [];
    const q = createThumbnailQueue({ maxImages: 2, revoke: (u) => revoked.push(u) });
    for (const k of ['a', 'b', 'c']) {
      q.request(job(k));
      q.next();
      q.complete(k, `blob:${k}`);
    }
    expect(q.get('a')).toBeUndefined();
    expect(q.get('c')).toBe('blob:c');
    expect(revoked).toEqual(['blob:a']);
  });
});

describe('thumbnail keys', () => {
  it('change with the pose, the scheme and the id', () => {
    const p = new Float32Array(72);
    const q = Float32Array.from(p);
    q[10] = 0.25;
    expect(poseFingerprint(p)).toBe(poseFingerprint(Array.from(p)));
    expect(poseFingerprint(p)).not.toBe(poseFingerprint(q));
    expect(thumbnailKey('x', p, 'light')).not.toBe(thumbnailKey('x', p, 'dark'));
    expect(thumbnailKey('x', p, 'light')).not.toBe(thumbnailKey('y', p, 'light'));
  });
});
