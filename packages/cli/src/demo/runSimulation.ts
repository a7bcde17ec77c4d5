import { chinaCalendar } from '@casefold/engine';
import type { SimulationMessage, SimulationRequest } from './simulationMessages.js';
import { type CaseHistory, simulateYear } from './simulateYear.js';
import { stagingEventStore } from './stagingEventStore.js';

/** Finished cases per `cases` message. */
const BATCH = 100;

/**
 * Runs the simulation of a {@link SimulationRequest} on a {@link stagingEventStore} and
 * reports it as {@link SimulationMessage}s, in order: progress and batches of finished cases
 * (each case released from the staging store once reported), then `done` or `failed`.
 */
export const runSimulation = async (request: SimulationRequest, post: (message: SimulationMessage) => void): Promise<void> => {
  const store = stagingEventStore();
  const batch: CaseHistory[] = [];
  const flush = (): void => {
    if (batch.length > 0) post({ kind: 'cases', histories: batch.splice(0) });
  };
  try {
    const result = await simulateYear({
      store,
      calendar: chinaCalendar({ years: [request.year, request.year + 1] }),
      cases: request.cases,
      seed: request.seed,
      year: request.year,
      onProgress: (done, total) => post({ kind: 'progress', done, total }),
      onCase: (history) => {
        store.release(history.streamId);
        batch.push(history);
        if (batch.length >= BATCH) flush();
      },
    });
    flush();
    post({ kind: 'done', units: result.district.units, commands: result.commands });
  } catch (error) {
    post({ kind: 'failed', name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    await store.close();
  }
};
