import { useCallback, useRef, useState } from 'react';
import type { LandmarkModel, VideoFrameEstimate, VideoSummary } from '@shared/api';
import type { StudioClient } from '../../api/client';
import { analysisFrameCount, analysisSize } from './analysisPlan';
import { grabJpeg, loadVideo, seekTo } from './frameGrabber';

export interface AnalysisState {
  phase: 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number;
  message: string;
}

export interface AnalysisRequest {
  file: File;
  fps: number;
  model: LandmarkModel;
}

/**
 * Drives one analysis: the file into the hidden video element, `video.begin`, then each frame seeked, grabbed and
 * sent through `video.frame` in order (the compute process's tracker needs them in order), then `video.end`. Cancel
 * stops after the frame in flight is answered or aborted; what was stored stays and is shown.
 */
export function useVideoAnalysis(client: StudioClient, onFrame: (video: VideoSummary, estimate: VideoFrameEstimate | null, frame: number) => void) {
  const [state, setState] = useState<AnalysisState>({ phase: 'idle', done: 0, total: 0, message: '' });
  const abort = useRef<AbortController | null>(null);

  const start = useCallback(
    async (req: AnalysisRequest, el: HTMLVideoElement, canvas: HTMLCanvasElement, url: string): Promise<VideoSummary | null> => {
      abort.current?.abort();
      const stop = new AbortController();
      abort.current = stop;
      setState({ phase: 'loading', done: 0, total: 0, message: 'Reading the video…' });
      let meta;
      try {
        meta = await loadVideo(el, url);
      } catch (e) {
        setState({ phase: 'failed', done: 0, total: 0, message: e instanceof Error ? e.message : String(e) });
        return null;
      }
      const size = analysisSize(meta.width, meta.height);
      const total = analysisFrameCount(meta.durationS, req.fps);
      if (total === 0) {
        setState({ phase: 'failed', done: 0, total: 0, message: 'The video has no duration the browser can read.' });
        return null;
      }
      const begun = await client.call('video.begin', {
        name: req.file.name.slice(0, 255) || 'video',
        fps: req.fps,
        frameCount: total,
        ...size,
        source: { width: meta.width, height: meta.height, durationS: meta.durationS },
        model: req.model,
      });
      if (!begun.ok) {
        setState({ phase: 'failed', done: 0, total, message: begun.error.message });
        return null;
      }
      const video = begun.value.video;
      setState({ phase: 'running', done: 0, total, message: `Frame 1 of ${total}` });
      let failure: string | null = null;
      for (let k = 0; k < total && !stop.signal.aborted; k++) {
        try {
          await seekTo(el, Math.min(k / req.fps, Math.max(0, meta.durationS - 1e-3)));
          const data = await grabJpeg(el, canvas, size.width, size.height);
          const r = await client.call('video.frame', { videoId: video.id, frame: k, image: { format: 'jpeg', data } }, { signal: stop.signal });
          if (!r.ok) {
            if (r.error.code !== 'cancelled') failure = r.error.message;
            break;
          }
          onFrame(video, r.value.estimate, k);
        } catch (e) {
          failure = e instanceof Error ? e.message : String(e);
          break;
        }
        setState({ phase: 'running', done: k + 1, total, message: `Frame ${Math.min(k + 2, total)} of ${total}` });
      }
      const end = await client.call('video.end', { videoId: video.id });
      const summary = end.ok ? end.value.video : video;
      if (failure) setState((s) => ({ ...s, phase: 'failed', message: failure }));
      else if (stop.signal.aborted) setState((s) => ({ ...s, phase: 'cancelled', message: `Cancelled: ${summary.estimated} frames kept.` }));
      else setState({ phase: 'done', done: total, total, message: `${summary.estimated} of ${total} frames estimated, ${summary.flagged} flagged.` });
      return summary;
    },
    [client, onFrame],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);
  return { state, start, cancel };
}
