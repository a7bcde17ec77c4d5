/**
 * Child-process entry of the demo simulation (see `generateDemo` with `parallel: true`):
 * runs {@link runSimulation} and sends its messages to the parent over IPC, so storing and
 * projecting overlap with simulating. The request comes as JSON in the first argument.
 */
import { runSimulation } from './runSimulation.js';
import type { SimulationMessage, SimulationRequest } from './simulationMessages.js';

let sending: Promise<void> = Promise.resolve();

/** Sends a message; `sending` settles once everything sent so far has been handed over. */
const post = (message: SimulationMessage): void => {
  sending = new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
};

await runSimulation(JSON.parse(process.argv[2] ?? '{}') as SimulationRequest, post);
await sending;
process.disconnect?.();
