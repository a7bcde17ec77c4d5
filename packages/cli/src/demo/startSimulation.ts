import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runSimulation } from './runSimulation.js';
import type { SimulationMessage, SimulationRequest } from './simulationMessages.js';

/** A started simulation: its messages (iterate once), and how to stop it early. */
export interface Simulation {
  readonly messages: AsyncIterable<SimulationMessage>;
  /** Stops the simulation process if it still runs (idempotent). */
  readonly stop: () => void;
}

/** The simulation in this thread: it runs when its messages are read. */
async function* simulatedHere(request: SimulationRequest): AsyncGenerator<SimulationMessage> {
  const messages: SimulationMessage[] = [];
  await runSimulation(request, (message) => messages.push(message));
  yield* messages;
}

/**
 * Starts the simulation of a request: with `parallel`, at once in a child process (so its
 * start-up overlaps whatever the caller does before reading the messages); otherwise in this
 * thread, when the messages are read.
 */
export const startSimulation = (request: SimulationRequest, parallel: boolean): Simulation =>
  parallel ? simulatedInChild(request) : { messages: simulatedHere(request), stop: () => undefined };

const simulatedInChild = (request: SimulationRequest): Simulation => {
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
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  async function* messages(): AsyncGenerator<SimulationMessage> {
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
      stop();
    }
  }
  return { messages: messages(), stop };
};
