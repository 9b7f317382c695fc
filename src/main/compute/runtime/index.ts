/**
 * Runtime façade: the only module that imports onnxruntime-node. Everything above it speaks HostTensor
 * (typed array + dtype + dims) and model bytes.
 */
export type { ProviderName } from './providers';
export { availableProviders, ortVersion, PROVIDER_ORDER } from './providers';
export type { RuntimeSettings } from './settings';
export { configureRuntime, resetRuntimeDefaults } from './settings';
export type { DType, TensorArray, HostTensor, RuntimeErrorCode } from './tensor';
export { f32, f64, i64, i32, bool, RuntimeError, validateTensor, elementCount, scalarOf } from './tensor';
export type { RuntimeSession, RuntimeReport, ProviderFallback } from './session';
export { loadSession, runtimeReport, releaseAll, cachedSessionCount, clearFallbacks } from './session';
