import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Group, Stack, Text, Title, useComputedColorScheme } from '@mantine/core';
import type { LandmarkModel, VideoFrameEstimate, VideoSummary } from '@shared/api';
import { useClient } from '../../api/StudioContext';
import { useRoute } from '../../app/router';
import { notifyError, valueOrNotify } from '../../api/notify';
import { PoseViewport } from '../../viewport/PoseViewport';
import { openInPoseLab } from '../poses/openInPoseLab';
import { downloadExportedFile } from '../pose-lab/download';
import { AnalysisProgress } from './AnalysisProgress';
import { CandidatesView, type FrameCandidates } from './CandidatesView';
import { FrameActions } from './FrameActions';
import { FrameView } from './FrameView';
import { seekTo } from './frameGrabber';
import { KneeFlexionPlot } from './KneeFlexionPlot';
import { OpenVideoPanel } from './OpenVideoPanel';
import { TimelineScrubber } from './TimelineScrubber';
import { UncertaintyTrack } from './UncertaintyTrack';
import { useVideoAnalysis } from './useVideoAnalysis';
import { VideoList } from './VideoList';
import classes from './Video.module.css';

/**
 * Video → poses: open a clip, watch the frames being tracked and lifted, then scrub the analysed frames with the 2D
 * landmarks over the picture and the 3D pose beside it, find the uncertain frames on the uncertainty track, ask for
 * the policy's G candidates of one, open a frame's pose in the Pose lab, and export the sequence.
 */
export function VideoPage() {
  const client = useClient();
  const scheme = useComputedColorScheme('light');
  const [videos, setVideos] = useState<VideoSummary[]>([]);
  const [video, setVideo] = useState<VideoSummary | null>(null);
  const [frames, setFrames] = useState<ReadonlyMap<number, VideoFrameEstimate>>(new Map());
  const [current, setCurrent] = useState(0);
  const [fileUrl, setFileUrl] = useState<{ url: string; videoId: string | null } | null>(null);
  const [candidates, setCandidates] = useState<FrameCandidates | null>(null);
  const [busy, setBusy] = useState(false);
  const decoder = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const shown = useRef<HTMLVideoElement>(null);

  const refreshList = useCallback(async () => {
    const r = await client.call('video.list', {});
    if (r.ok) setVideos(r.value.videos);
  }, [client]);
  useEffect(() => void refreshList(), [refreshList]);

  const onFrame = useCallback((v: VideoSummary, estimate: VideoFrameEstimate | null, frame: number) => {
    setVideo(v);
    setFileUrl((f) => (f && f.videoId === null ? { ...f, videoId: v.id } : f));
    if (estimate) setFrames((m) => new Map(m).set(frame, estimate));
    setCurrent(frame);
  }, []);
  const analysis = useVideoAnalysis(client, onFrame);

  const open = useCallback(
    async (file: File, fps: number, model: LandmarkModel) => {
      if (fileUrl) URL.revokeObjectURL(fileUrl.url);
      const url = URL.createObjectURL(file);
      setFileUrl({ url, videoId: null });
      setFrames(new Map());
      setCandidates(null);
      setCurrent(0);
      setVideo(null);
      const summary = await analysis.start({ file, fps, model }, decoder.current!, canvas.current!, url);
      if (summary) {
        setVideo(summary);
        setFileUrl({ url, videoId: summary.id });
      }
      void refreshList();
    },
    [analysis, fileUrl, refreshList],
  );

  const load = useCallback(
    async (id: string, keepFrame = false) => {
      const r = valueOrNotify('Opening the video', await client.call('video.get', { id }));
      if (!r) return;
      setVideo(r.video);
      setFrames(new Map(r.frames.map((f) => [f.frame, f])));
      if (keepFrame) return;
      setCandidates(null);
      setCurrent(r.frames[0]?.frame ?? 0);
    },
    [client],
  );

  const hasFile = !!fileUrl && (fileUrl.videoId === null || fileUrl.videoId === video?.id);
  // The visible picture follows the scrubber (the decoder element is busy with the analysis).
  useEffect(() => {
    const el = shown.current;
    if (!el || !hasFile || !video) return;
    seekTo(el, current / video.fps).catch(() => undefined);
  }, [current, video, hasFile]);

  const estimate = frames.get(current) ?? null;
  const figures = useMemo(() => (estimate ? [{ id: `frame-${estimate.frame}`, pose: estimate.pose, highlighted: true }] : []), [estimate]);
  const running = analysis.state.phase === 'running' || analysis.state.phase === 'loading';

  // The page stays mounted while the user is elsewhere (App keeps it); coming back re-reads the stored frames,
  // which the Pose lab may have corrected meanwhile.
  const route = useRoute();
  useEffect(() => {
    if (route === 'video' && video && !running) void load(video.id, true);
    // Only on arriving at the page: not on every new frame or analysis state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [route]);

  /** Sets (a pose) or clears (null) the analyst's correction of the current frame. */
  const correct = async (pose: number[] | null, what: string) => {
    if (!video || !estimate) return;
    const r = valueOrNotify(what, await client.call('video.correct', { videoId: video.id, frame: estimate.frame, pose }));
    if (r) setFrames((m) => new Map(m).set(r.estimate.frame, r.estimate));
  };

  const showCandidates = async () => {
    if (!video || !estimate) return;
    setBusy(true);
    const r = await client.call('video.candidates', { videoId: video.id, frame: estimate.frame, samples: 8, seed: 1 });
    setBusy(false);
    const v = valueOrNotify('Drawing candidates', r);
    if (v) setCandidates({ frame: estimate.frame, model: v.model, poses: v.candidates.flatMap((c) => (c.pose ? [{ id: `c${c.idx}`, pose: c.pose }] : [])) });
  };
  const exportAs = async (format: 'amass-npz' | 'csv') => {
    if (!video) return;
    const r = await client.call('video.export', { videoId: video.id, format });
    if (r.ok) downloadExportedFile(r.value);
    else notifyError('Exporting the video', r.error);
  };

  return (
    <div className={classes.page} data-testid="video-page">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={3}>Video</Title>
          <Text size="sm" c="dimmed">
            Track a person through a clip, lift each frame to a 3D pose, review the uncertain frames.
          </Text>
        </div>
        <VideoList videos={videos} value={video?.id ?? null} onChange={(id) => void load(id)} />
      </Group>
      <OpenVideoPanel busy={running} onOpen={(f, fps, m) => void open(f, fps, m)} />
      <AnalysisProgress state={analysis.state} onCancel={analysis.cancel} />
      {video && (
        <Stack gap="sm" data-testid="video-review" data-video-id={video.id} data-estimates={frames.size}>
          <div className={classes.views}>
            <FrameView videoRef={shown} estimate={estimate} width={video.width} height={video.height} src={hasFile && fileUrl ? fileUrl.url : null} />
            <div className={classes.pose3d}>
              <PoseViewport figures={figures} colorScheme={scheme} testId="video-pose-viewport" />
            </div>
          </div>
          <TimelineScrubber frame={current} frameCount={video.frameCount} fps={video.fps} onChange={setCurrent} />
          {/* Side by side, so both tracks stay in view under the frame on a laptop screen. */}
          <div className={classes.tracks}>
            <UncertaintyTrack frames={frames} frameCount={video.frameCount} current={current} onSelect={setCurrent} />
            <KneeFlexionPlot frames={frames} frameCount={video.frameCount} current={current} />
          </div>
          <FrameActions
            estimate={estimate}
            busy={busy}
            canExport={frames.size > 0 && !running}
            onCandidates={() => void showCandidates()}
            onEdit={() => {
              if (!estimate) return;
              const label = `${video.name} #${estimate.frame + 1}`;
              void openInPoseLab(client, label, estimate.pose, { videoId: video.id, frame: estimate.frame, label });
            }}
            onRevert={() => void correct(null, 'Reverting the frame to its estimate')}
            onExport={(f) => void exportAs(f)}
          />
          {candidates && (
            <CandidatesView
              candidates={candidates}
              colorScheme={scheme}
              onClose={() => setCandidates(null)}
              // Candidates belong to one frame; using one moves nothing if the scrubber has left it.
              onUse={candidates.frame === estimate?.frame ? (pose) => void correct(pose, 'Using the candidate for the frame') : undefined}
            />
          )}
        </Stack>
      )}
      {!video && !running && (
        <Text c="dimmed" size="sm">
          Open a video (any format the browser plays) to analyse it, or choose an earlier analysis above.
        </Text>
      )}
      <video ref={decoder} className={classes.hidden} muted playsInline aria-hidden />
      <canvas ref={canvas} className={classes.hidden} aria-hidden />
    </div>
  );
}
