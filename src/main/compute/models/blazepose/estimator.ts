/**
 * BlazePose GHUM 3D on ONNX Runtime: the detector and one landmark model (lite, full or heavy), the sessions they
 * run in, and the two ways MediaPipe's pose landmarker drives them — a single image (detect, then landmarks in the
 * detection's ROI) and a video stream (landmarks in the ROI the previous frame's auxiliary points give, the
 * detector only when there is none, One-Euro smoothing). Every numeric step is a pure function in this folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { f32, loadSession, type RuntimeSession } from '../../runtime';
import { findAppRoot } from '../../../services/app-paths';
import { POSE_DETECTOR_ANCHORS, ssdAnchorCentres } from './anchors';
import { decodeDetections, removeLetterbox, weightedNms, type Detection } from './detection';
import { checkFrame, type RgbaFrame } from './frame';
import { AUX_LANDMARKS, BODY_LANDMARKS, MODEL_LANDMARKS, decodeLandmarks, projectToFrame, refineWithHeatmap, worldToFrameOrientation } from './landmarks';
import { landmarkRoi, type Roi } from './roi';
import { letterboxRoi, roiToTensor } from './warp';

export type LandmarkModelName = 'lite' | 'full' | 'heavy';
export const LANDMARK_MODELS: readonly LandmarkModelName[] = ['lite', 'full', 'heavy'];

const DETECTOR_SIZE = 224;
const LANDMARK_SIZE = 256;
const HEATMAP_SIZE = 64;
/** MediaPipe's thresholds: person detection score, pose presence, NMS overlap. */
export const MIN_DETECTION_SCORE = 0.5;
export const MIN_PRESENCE = 0.5;
const NMS_IOU = 0.3;
/** The converted graph's heatmap is already a probability (see RefineOptions.activation). */
const HEATMAP_ACTIVATION = 'none';

/** One person's landmarks in one frame. */
export interface PoseLandmarks {
  /** 33 × 3: x, y in frame pixels, z relative depth in x's pixel scale (hip midpoint ≈ 0, negative = nearer). */
  image: Float32Array;
  /** 33 × 3 metres: origin at the hip midpoint, x right, y down, z away from the camera (frame-aligned). */
  world: Float32Array;
  /** 33 probabilities. */
  visibility: Float32Array;
  presence: Float32Array;
  /** 2 × 3: the auxiliary points (frame pixels) the next frame's ROI comes from. */
  auxiliary: Float32Array;
  /** The landmark model's pose-present probability. */
  score: number;
  /** Where the landmark model looked. */
  roi: Roi;
  width: number;
  height: number;
}

export function blazeposeModelPath(name: 'detector' | LandmarkModelName, dir?: string): string {
  const root = dir ?? path.join(findAppRoot() ?? '.', 'resources', 'models', 'blazepose');
  return path.join(root, `blazepose-${name}.onnx`);
}

function readModel(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch {
    throw new Error(`BlazePose model missing: ${file}. Run \`npm run models\` to convert it.`);
  }
}

/**
 * What the pipeline needs from an inference engine: the app runs ORT sessions; bench/video passes the same graphs
 * run by TensorFlow.js, so that everything around the model calls is this file's code on both sides.
 */
export type PoseModelSession = Pick<RuntimeSession, 'inputNames' | 'outputNames' | 'run' | 'release'>;

export class BlazePose {
  private readonly anchors = ssdAnchorCentres(POSE_DETECTOR_ANCHORS);

  private constructor(
    readonly model: LandmarkModelName,
    private readonly detector: PoseModelSession,
    private readonly landmarker: PoseModelSession,
  ) {}

  /** The pipeline over sessions made elsewhere (same inputs and output names as the converted ONNX models). */
  static fromSessions(model: LandmarkModelName, detector: PoseModelSession, landmarker: PoseModelSession): BlazePose {
    return new BlazePose(model, detector, landmarker);
  }

  /** Sessions for the detector and the chosen landmark model (default: resources/models/blazepose). */
  static async load(model: LandmarkModelName = 'full', o: { dir?: string; intraOpThreads?: number } = {}): Promise<BlazePose> {
    const settings = o.intraOpThreads ? { intraOpThreads: o.intraOpThreads } : undefined;
    const open = (name: 'detector' | LandmarkModelName) => {
      const file = blazeposeModelPath(name, o.dir);
      return loadSession(readModel(file), { key: `blazepose:${path.resolve(file)}:${o.intraOpThreads ?? 0}`, ...(settings ? { settings } : {}) });
    };
    const [detector, landmarker] = await Promise.all([open('detector'), open(model)]);
    return new BlazePose(model, detector, landmarker);
  }

  /** The most confident person in the frame (after weighted NMS), normalised to the frame; null when none. */
  async detect(frame: RgbaFrame): Promise<Detection | null> {
    checkFrame(frame);
    const { roi, padding } = letterboxRoi(frame.width, frame.height);
    const input = roiToTensor(frame, roi, { width: DETECTOR_SIZE, height: DETECTOR_SIZE, range: [-1, 1], border: 'zero' });
    const out = await this.detector.run({ [this.detector.inputNames[0]!]: f32(input, [1, DETECTOR_SIZE, DETECTOR_SIZE, 3]) });
    const raw = out[this.detector.outputNames[0]!]!.data as Float32Array;
    const people = weightedNms(decodeDetections(raw, this.anchors), NMS_IOU);
    return people.length ? removeLetterbox(people[0]!, padding) : null;
  }

  /** The ROI the landmark model reads for a detection: hip centre to full-body point, 1.25× margin. */
  static detectionRoi(d: Detection, width: number, height: number): Roi {
    return landmarkRoi([d.keypoints[0]!, d.keypoints[1]!], [d.keypoints[2]!, d.keypoints[3]!], width, height);
  }

  /** The ROI for the next frame from this one's auxiliary points (pixels). */
  static trackingRoi(auxiliary: ArrayLike<number>, width: number, height: number): Roi {
    return landmarkRoi([auxiliary[0]! / width, auxiliary[1]! / height], [auxiliary[3]! / width, auxiliary[4]! / height], width, height);
  }

  /** Landmarks in a given ROI; null when the model says no pose is there. */
  async landmarksInRoi(frame: RgbaFrame, roi: Roi): Promise<PoseLandmarks | null> {
    checkFrame(frame);
    const input = roiToTensor(frame, roi, { width: LANDMARK_SIZE, height: LANDMARK_SIZE, range: [0, 1], border: 'replicate' });
    const out = await this.landmarker.run({ [this.landmarker.inputNames[0]!]: f32(input, [1, LANDMARK_SIZE, LANDMARK_SIZE, 3]) }, [
      'ld_3d',
      'output_poseflag',
      'activation_heatmap',
      'world_3d',
    ]);
    const score = (out.output_poseflag!.data as Float32Array)[0]!;
    if (!(score >= MIN_PRESENCE)) return null;
    const crop = decodeLandmarks(out.ld_3d!.data as Float32Array, LANDMARK_SIZE);
    const refined = refineWithHeatmap(crop.xyz, out.activation_heatmap!.data as Float32Array, {
      height: HEATMAP_SIZE,
      width: HEATMAP_SIZE,
      channels: MODEL_LANDMARKS,
    }, { activation: HEATMAP_ACTIVATION });
    const all = projectToFrame(refined, roi);
    return {
      image: all.slice(0, BODY_LANDMARKS * 3),
      world: worldToFrameOrientation(out.world_3d!.data as Float32Array, roi.rotation),
      visibility: crop.visibility.slice(0, BODY_LANDMARKS),
      presence: crop.presence.slice(0, BODY_LANDMARKS),
      auxiliary: all.slice(AUX_LANDMARKS[0] * 3, (AUX_LANDMARKS[1] + 1) * 3),
      score,
      roi,
      width: frame.width,
      height: frame.height,
    };
  }

  /** A single image: detector, then landmarks. Null when no person is found. */
  async estimate(frame: RgbaFrame): Promise<PoseLandmarks | null> {
    const d = await this.detect(frame);
    return d ? this.landmarksInRoi(frame, BlazePose.detectionRoi(d, frame.width, frame.height)) : null;
  }

  async release(): Promise<void> {
    await Promise.all([this.detector.release(), this.landmarker.release()]);
  }
}
