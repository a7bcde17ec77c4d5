import { projectionStoreConformance } from '@casefold/engine/testing';
import { getInMemoryProjectionStore } from '../src/index.js';

projectionStoreConformance('in-memory', () => Promise.resolve({ projectionStore: getInMemoryProjectionStore() }));
