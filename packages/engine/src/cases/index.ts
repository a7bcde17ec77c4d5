export * from './caseEventCodec.js';
export * from './caseDecider.js';
export * from './caseCommandHandler.js';
