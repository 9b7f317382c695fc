import { startServer } from '../server';
import { appVersion, rendererDir } from '../services/app-paths';
import { createBackend } from '../services/backend';
import type { CliIO } from './io';

export interface ServeOptions {
  host: string;
  port: number;
  token?: string;
  dataDir: string;
  json: boolean;
}

/**
 * `pose-studio serve`: the backend and the built renderer over HTTP + WebSocket. Resolves with the exit
 * code once a signal has shut everything down (the compute process included).
 */
export async function runServe(opts: ServeOptions, io: CliIO): Promise<number> {
  const backend = await createBackend({ dataDir: opts.dataDir, mode: 'server', version: appVersion() });
  const staticDir = rendererDir();
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      backend,
      host: opts.host,
      port: opts.port,
      ...(opts.token ? { token: opts.token } : {}),
      ...(staticDir ? { staticDir } : {}),
    });
  } catch (e) {
    await backend.close();
    throw e;
  }
  if (!staticDir) io.err('pose-studio: the renderer is not built (run `npm run build`); serving the API only.');

  if (opts.json) {
    io.out(JSON.stringify({ url: server.url, port: server.port, token: server.token, dataDir: backend.dataDir }));
  } else {
    io.out(`Pose-RFT Studio (server mode) at ${server.url}`);
    if (server.token) {
      io.out(`Token: ${server.token}`);
      io.out(`Open:  ${server.appUrl}`);
    }
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        // A second signal means "now": skip the graceful part.
        io.err(`pose-studio: ${signal} again, exiting immediately`);
        process.exit(130);
      }
      stopping = true;
      io.err(`pose-studio: ${signal}, shutting down`);
      void (async () => {
        let code = 0;
        try {
          await server.close();
        } catch (e) {
          io.err(`pose-studio: closing the server failed: ${e instanceof Error ? e.message : String(e)}`);
          code = 1;
        }
        try {
          await backend.close();
        } catch (e) {
          io.err(`pose-studio: closing the backend failed: ${e instanceof Error ? e.message : String(e)}`);
          code = 1;
        }
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(code);
      })();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
