import { projectionStoreConformance } from '@casefold/testing';
import { getInMemoryProjectionStore } from '../src/index.js';

projectionStoreConformance('in-memory', () => Promise.resolve({ projectionStore: getInMemoryProjectionStore() }));
