export * from './elementwise';
export * from './shape';
export * from './reduce';
export * from './linalg';
export * from './nn';
export type { TensorLike } from './util';
