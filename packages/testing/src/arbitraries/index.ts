export * from './sampleJurisdiction.js';
export * from './caseHistories.js';
