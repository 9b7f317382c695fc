/**
 * The compute process. Runs under Electron's utilityProcess (process.parentPort) or child_process.fork
 * (process.send); never imports electron. ONNX Runtime lives here so that a blocking run or a native
 * crash cannot take the UI or the HTTP server with it.
 */
import { connectToParent } from './channel';
import { describeCompute, registerComputeMethods } from './compute-methods';
import { registerDebugMethods } from './debug-methods';
import { registerModelMethods } from './model-methods';
import { registerPolicyMethods } from './policy-methods';
import { registerBlazeposeMethods } from './blazepose-methods';
import { registerVideoMethods } from './video-methods';
import { DEBUG_METHODS_ENV } from './protocol';
import { MethodRegistry } from './registry';
import { runSelfTest } from './self-test';
import { registerSearchMethods } from './search-methods';
import { serveRequests } from './serve';

async function main(): Promise<void> {
  const channel = connectToParent();
  if (!channel) {
    process.stderr.write('The compute process must be started by Pose-RFT Studio (no parent channel).\n');
    process.exit(2);
  }
  const selfTest = await runSelfTest();
  if (!selfTest.ok) process.stderr.write(`compute: self-test failed: ${selfTest.detail}\n`);
  const registry = new MethodRegistry();
  registerComputeMethods(registry, selfTest);
  registerModelMethods(registry);
  registerSearchMethods(registry);
  registerPolicyMethods(registry);
  registerBlazeposeMethods(registry);
  registerVideoMethods(registry);
  if (process.env[DEBUG_METHODS_ENV] === '1') registerDebugMethods(registry);
  serveRequests(channel, registry, describeCompute(selfTest));
}

main().catch((e: unknown) => {
  process.stderr.write(`compute: start-up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
