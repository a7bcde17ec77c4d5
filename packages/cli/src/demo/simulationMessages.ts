import type { Unit } from '@casefold/core';
import type { CaseHistory } from './simulateYear.js';

/** What the simulation process is asked to simulate. */
export interface SimulationRequest {
  readonly cases: number;
  readonly seed: string;
  readonly year: number;
}

/** What the simulation process reports, in order: progress and case batches, then done or failed. */
export type SimulationMessage =
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly kind: 'cases'; readonly histories: readonly CaseHistory[] }
  | { readonly kind: 'done'; readonly units: readonly Unit[]; readonly commands: number }
  | { readonly kind: 'failed'; readonly name: string; readonly message: string };
