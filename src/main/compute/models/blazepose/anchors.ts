/**
 * SSD anchors as MediaPipe's SsdAnchorsCalculator lays them out for fixed-size anchors: layers that share a stride
 * are merged into one feature map whose cells carry all their anchors; per layer, one anchor per aspect ratio plus
 * one interpolated-scale anchor. With fixed sizes only the centres matter (width = height = 1), so the scales do
 * not appear here.
 */
export interface AnchorOptions {
  inputWidth: number;
  inputHeight: number;
  strides: readonly number[];
  aspectRatios: readonly number[];
  /** MediaPipe adds one more anchor per layer when its interpolated scale aspect ratio is positive (default 1). */
  interpolatedScale: boolean;
  offsetX: number;
  offsetY: number;
}

/** The pose detector's anchors (pose_detection.tflite, 224 × 224): 2254 of them. */
export const POSE_DETECTOR_ANCHORS: AnchorOptions = Object.freeze({
  inputWidth: 224,
  inputHeight: 224,
  strides: [8, 16, 32, 32, 32],
  aspectRatios: [1],
  interpolatedScale: true,
  offsetX: 0.5,
  offsetY: 0.5,
});

/** Anchor centres, n × 2 (x, y), normalised to the input, in the order the detector's outputs use. */
export function ssdAnchorCentres(o: AnchorOptions): Float32Array {
  const out: number[] = [];
  const perLayer = o.aspectRatios.length + (o.interpolatedScale ? 1 : 0);
  let layer = 0;
  while (layer < o.strides.length) {
    let last = layer;
    while (last < o.strides.length && o.strides[last] === o.strides[layer]) last++;
    const perCell = perLayer * (last - layer);
    const stride = o.strides[layer]!;
    const rows = Math.ceil(o.inputHeight / stride);
    const cols = Math.ceil(o.inputWidth / stride);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        for (let k = 0; k < perCell; k++) out.push((x + o.offsetX) / cols, (y + o.offsetY) / rows);
      }
    }
    layer = last;
  }
  return Float32Array.from(out);
}
