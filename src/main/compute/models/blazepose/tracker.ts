/**
 * A video stream through BlazePose the way MediaPipe's pose landmarker runs one: the landmark model reads the ROI
 * that the previous frame's (smoothed) auxiliary points give, and the detector runs only when there is no such ROI —
 * on the first frame and after a frame whose pose flag fell below 0.5. As in MediaPipe, a frame that loses the pose
 * yields nothing and clears the filters; the next frame starts again from the detector.
 */
import { BlazePose, type PoseLandmarks } from './estimator';
import type { RgbaFrame } from './frame';
import type { Roi } from './roi';
import { AUX_LANDMARK_FILTER, IMAGE_LANDMARK_FILTER, PointSmoother, VISIBILITY_ALPHA, ValueSmoother, WORLD_LANDMARK_FILTER } from './smoothing';

export interface TrackedPose extends PoseLandmarks {
  /** Whether this frame's ROI came from the detector (true) or from the previous frame (false). */
  detected: boolean;
}

/** The part of BlazePose a tracker needs: lets tests count detector calls on the real estimator. */
export type PoseEstimator = Pick<BlazePose, 'detect' | 'landmarksInRoi'>;

export class PoseTracker {
  private roi: Roi | null = null;
  private readonly image = new PointSmoother(IMAGE_LANDMARK_FILTER, true);
  private readonly aux = new PointSmoother(AUX_LANDMARK_FILTER, true);
  private readonly world = new PointSmoother(WORLD_LANDMARK_FILTER, false);
  private readonly visibility = new ValueSmoother(VISIBILITY_ALPHA);

  constructor(
    private readonly estimator: PoseEstimator,
    readonly o: { smooth: boolean } = { smooth: true },
  ) {}

  /** One frame at time `t` (seconds, increasing). Null when no pose is found in it. */
  async next(frame: RgbaFrame, t: number): Promise<TrackedPose | null> {
    let roi = this.roi;
    const detected = roi === null;
    if (roi === null) {
      const d = await this.estimator.detect(frame);
      if (!d) return this.lost();
      roi = BlazePose.detectionRoi(d, frame.width, frame.height);
    }
    const raw = await this.estimator.landmarksInRoi(frame, roi);
    if (!raw) return this.lost();
    const pose: TrackedPose = { ...raw, detected };
    if (this.o.smooth) {
      pose.visibility = this.visibility.apply(raw.visibility);
      pose.image = this.image.apply(t, raw.image);
      pose.world = this.world.apply(t, raw.world);
      pose.auxiliary = this.aux.apply(t, raw.auxiliary);
    }
    this.roi = BlazePose.trackingRoi(pose.auxiliary, frame.width, frame.height);
    return pose;
  }

  /** Forgets the previous frame (a cut in the video). */
  reset(): void {
    this.roi = null;
    this.image.reset();
    this.aux.reset();
    this.world.reset();
    this.visibility.reset();
  }

  private lost(): null {
    this.reset();
    return null;
  }
}
