import { getInMemoryRowProjectionStore } from '@casefold/engine';
import { rowProjectionStoreConformance } from '@casefold/engine/testing';

rowProjectionStoreConformance('in memory', () => Promise.resolve({ rowStore: getInMemoryRowProjectionStore() }), { numRuns: 300 });
