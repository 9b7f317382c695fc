/**
 * TensorFlow's window padding rules (Conv2D, DepthwiseConv2dNative, MaxPool) in the form ONNX wants:
 * explicit begin/end pads per spatial axis. TF's SAME puts the odd pixel at the end, as ONNX's SAME_UPPER does,
 * but explicit pads keep the emitted graph independent of how a runtime reads auto_pad.
 */

export type TfPadding = 'SAME' | 'VALID' | 'EXPLICIT';

/** Effective extent of a dilated window. */
export const dilatedKernel = (kernel: number, dilation: number): number => (kernel - 1) * dilation + 1;

/** [begin, end] pads of one spatial axis under SAME (TensorFlow's GetWindowedOutputSize). */
export function samePads(inSize: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + dilatedKernel(kernel, dilation) - inSize, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** Output size of one spatial axis given explicit pads. */
export function windowOutputSize(inSize: number, kernel: number, stride: number, dilation: number, pads: readonly [number, number]): number {
  const span = inSize + pads[0] + pads[1] - dilatedKernel(kernel, dilation);
  if (span < 0) throw new Error(`window of ${dilatedKernel(kernel, dilation)} does not fit an axis of ${inSize} padded by [${pads}]`);
  return Math.floor(span / stride) + 1;
}

export interface Window2d {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
}

/**
 * ONNX `pads` ([top, left, bottom, right]) for a 2-D window over an H×W input.
 * `explicit` is TF's explicit_paddings attribute in NHWC order (8 numbers), used when padding is EXPLICIT.
 */
export function onnxPads2d(padding: TfPadding, inHW: readonly [number, number], w: Window2d, explicit: readonly number[] = []): [number, number, number, number] {
  if (padding === 'VALID') return [0, 0, 0, 0];
  if (padding === 'SAME') {
    const [t, b] = samePads(inHW[0], w.kernel[0], w.strides[0], w.dilations[0]);
    const [l, r] = samePads(inHW[1], w.kernel[1], w.strides[1], w.dilations[1]);
    return [t, l, b, r];
  }
  if (explicit.length !== 8) throw new Error(`EXPLICIT padding needs 8 explicit_paddings values (NHWC pairs), got ${explicit.length}`);
  if (explicit[0] !== 0 || explicit[1] !== 0 || explicit[6] !== 0 || explicit[7] !== 0) {
    throw new Error(`EXPLICIT padding of the batch or channel axis is not supported: [${explicit}]`);
  }
  return [explicit[2]!, explicit[4]!, explicit[3]!, explicit[5]!];
}

/** Output H×W of a 2-D window over an H×W input with the given ONNX pads. */
export function windowOutputHW(inHW: readonly [number, number], w: Window2d, pads: readonly [number, number, number, number]): [number, number] {
  return [
    windowOutputSize(inHW[0], w.kernel[0], w.strides[0], w.dilations[0], [pads[0], pads[2]]),
    windowOutputSize(inHW[1], w.kernel[1], w.strides[1], w.dilations[1], [pads[1], pads[3]]),
  ];
}
