import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runSimulation } from './runSimulation.js';
import type { SimulationMessage, SimulationRequest } from './simulationMessages.js';

/** The simulation's messages, from a child process (`parallel`) or from this thread. */
export async function* simulationMessagesOf(request: SimulationRequest, parallel: boolean): AsyncGenerator<SimulationMessage> {
  if (!parallel) {
    const messages: SimulationMessage[] = [];
    await runSimulation(request, (message) => messages.push(message));
    yield* messages;
    return;
  }
  // A child process rather than a worker thread: it inherits the loader a source run needs (tsx).
  const entry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './simulationProcess.ts' : './simulationProcess.js', import.meta.url));
  const child = fork(entry, [JSON.stringify(request)], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const queue: SimulationMessage[] = [];
  let wake: (() => void) | null = null;
  const ended: { exit: { readonly code: number | null } | { readonly error: unknown } | null } = { exit: null };
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  child.on('message', (message: SimulationMessage) => {
    queue.push(message);
    notify();
  });
  child.on('error', (error) => {
    ended.exit = { error };
    notify();
  });
  // 'close' (not 'exit') comes after every message the child sent was delivered.
  child.on('close', (code) => {
    ended.exit ??= { code };
    notify();
  });
  try {
    for (;;) {
      const message = queue.shift();
      if (message !== undefined) {
        yield message;
        if (message.kind === 'done' || message.kind === 'failed') return;
        continue;
      }
      const exit = ended.exit;
      if (exit !== null) {
        if ('error' in exit) throw exit.error;
        throw new Error(`the simulation process stopped (exit code ${exit.code}) before it finished`);
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
