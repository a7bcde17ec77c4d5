/**
 * Child-process entry of the demo simulation (see `generateDemo` with `parallel: true`):
 * runs {@link simulateYear} on an in-memory store and sends the case histories to the
 * parent in batches over IPC, so storing and projecting overlap with simulating. The
 * request comes as JSON in the first argument.
 */
import { chinaCalendar, getInMemoryEventStore } from '@casefold/engine';
import { type CaseHistory, simulateYear } from './simulateYear.js';
import type { SimulationMessage, SimulationRequest } from './simulationMessages.js';

const BATCH = 250;

let sending: Promise<void> = Promise.resolve();

/** Sends a message; `sending` settles once everything sent so far has been handed over. */
const post = (message: SimulationMessage): void => {
  sending = new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
};

const request = JSON.parse(process.argv[2] ?? '{}') as SimulationRequest;
const batch: CaseHistory[] = [];
const flush = (): void => {
  if (batch.length > 0) post({ kind: 'cases', histories: batch.splice(0) });
};
try {
  const result = await simulateYear({
    store: getInMemoryEventStore(),
    calendar: chinaCalendar({ years: [request.year, request.year + 1] }),
    cases: request.cases,
    seed: request.seed,
    year: request.year,
    onProgress: (done, total) => post({ kind: 'progress', done, total }),
    onCase: (history) => {
      batch.push(history);
      if (batch.length >= BATCH) flush();
    },
  });
  flush();
  post({ kind: 'done', units: result.district.units, commands: result.commands });
} catch (error) {
  post({ kind: 'failed', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
}
await sending;
process.disconnect?.();
