/**
 * Graph compiler: describe a model once with typed ops, differentiate it, and emit ONNX graphs for
 * inference and for a whole training step. See README.md for the API.
 */
import './gradients/rules';

export type { DType, FloatDType, HostArray } from './dtype';
export { isFloat } from './dtype';
export type { Dim, Shape } from './shape';
export { ShapeError, broadcastShapes, dimProduct, fmtShape, isStatic } from './shape';
export type { Attr, ConstValue, CustomGrad, GraphOptions, Node, OutputSpec, ParamInfo, ParamInit, TensorSource } from './graph';
export { Graph, Tensor, attr, paramInfo } from './graph';
export * as ops from './ops';
export * from './ops';
export type { GradOptions, GradRule } from './autodiff';
export { GradientError, customGradient, grad, hasGradient, registerGradient, registeredGradients } from './autodiff';
export { sumToShape } from './gradients/reduceTo';
export type { EmitOptions, EmittedModel } from './serialize';
export { OPSET, emitModel } from './serialize';
export type { AdamWConfig, OptimizerConfig, SgdConfig, UpdateInputs } from './optim';
export { applyUpdate, clipByGlobalNorm, clipScale, globalNorm, optimizerSlots } from './optim';
export type { CosineScheduleOptions } from './schedule';
export { constantLr, cosineWithWarmup } from './schedule';
export type { FloatArray, ParamEntry } from './params';
export { ParamStore, initialValue, mulberry32 } from './params';
export type { InferenceSpec, RuntimeOptions, StepResult, TrainStepOptions, TrainStepSpec } from './compile';
export {
  GRAD_NORM_OUTPUT,
  InferenceProgram,
  LOSS_OUTPUT,
  LR_INPUT,
  OptimizerState,
  STEP_INPUT,
  TrainStepProgram,
  compileInference,
  compileTrainStep,
  emitInference,
  emitTrainStep,
  slotName,
  updatedName,
} from './compile';
export type { TrainerOptions } from './trainer';
export { Trainer } from './trainer';
export type { GradCheckInput, GradCheckOptions, GradCheckResult } from './gradcheck';
export { checkGradients } from './gradcheck';
