export { caseEventCodec, type CaseEventCodecOptions } from './caseEventCodec.js';
export { caseDecider, caseStreamId, caseIdOfStream } from './caseDecider.js';
export { type CaseCommandHandlerOptions, type ExecuteCaseCommandOptions, DEFAULT_CLOCK_SKEW_TOLERANCE_MS, type ExecuteCaseCommand, caseCommandHandler } from './caseCommandHandler.js';
export { type CaseConversion, type ConvertCaseFailure, type ConvertCaseResult, type ConvertedCaseSubmission, conversionCommandIds, convertCase } from './convertCase.js';
export { type ReceiveAtWindowFailure, type ReceiveAtWindowResult, receiveAtWindow } from './receiveAtWindow.js';
