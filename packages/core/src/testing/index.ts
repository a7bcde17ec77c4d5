export * from './sampleJurisdiction.js';
export * from './caseHistories.js';
export * from './caseStores.js';
