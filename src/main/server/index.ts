export { startServer, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WS_MESSAGE_BYTES } from './http-server';
export type { StartServerOptions, RunningServer } from './http-server';
export type { TransportBackend } from '../ipc/dispatch';
