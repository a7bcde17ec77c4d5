/**
 * @casefold/cli — the `casefold` command as a library: run it in-process, open stores by
 * location, generate the demo district, and compute and render the dashboards.
 */
export {
  UsageError,
  isUsageError,
  type InputLocation,
  BadInputError,
  isBadInputError,
  StoreAccessError,
  isStoreAccessError,
  OutputFileError,
  isOutputFileError,
  WriteInterruptedError,
  isWriteInterruptedError,
} from './cli/cliErrors.js';
export type { OptionSpec, CommandContext, CliCommand } from './cli/command.js';
export { EXIT, type ExitCode, exitCodeOf } from './cli/exitCodes.js';
export { type TextSink, type Output, toJson, type CreateOutputOptions, createOutput } from './cli/output.js';
export { type CliEnvironment, runCli } from './cli/runCli.js';
export { ALL_COMMANDS } from './commands/allCommands.js';
export { type StoreLocation, DEFAULT_DATABASE, parseStoreLocation, describeLocation } from './store/storeLocation.js';
export { type OpenedStore, type OpenStoreOptions, DEFAULT_PAGE_SIZE, openStore } from './store/openStore.js';
export { type DashboardState, DASHBOARD_PROJECTIONS, dashboardProjection } from './projections/dashboardProjection.js';
export { type CatchUpOptions, type CatchUpResult, CATCH_UP_BATCH_SIZE, isCaseEvent, catchUp } from './projections/catchUp.js';
export { type Dashboards, type DashboardsOptions, latestEventAt, dashboardsOf } from './dashboards/dashboards.js';
export { type RowDashboardSource, rowDashboardSourceOf } from './dashboards/rows/rowDashboardSource.js';
export { dashboardRowProjections } from './dashboards/rows/dashboardRows.js';
export { dashboardSourceOf } from './commands/serveSource.js';
export { DIRECTORY_SETTING } from './session/readDirectory.js';
export {
  type GenerateDistrictOptions,
  type GeneratedDistrict,
  generateDistrict,
  DEFAULT_COMMANDS_IN_FLIGHT,
  DemoScriptError,
  LOOKAHEAD_MS,
  type SimulateYearOptions,
  type SimulateYearResult,
  isDemoScriptError,
  simulateYear,
} from './demo/simulation/index.js';
export { type GenerateDemoOptions, type GenerateDemoResult, generateDemo } from './demo/generateDemo.js';
export { HashMismatchError, isHashMismatchError } from './store/hashMismatchError.js';
export { EXPORT_FORMAT, EXPORT_VERSION, type HeaderLine, type EventLine, type EndLine, headerLine, eventLine, type ExportLine, exportLine } from './ndjson/exportFormat.js';
export { exportEvents, type StreamSpan, type ExportSummary, checkExportFile } from './ndjson/readExportFile.js';
export { type ApplyImportOptions, applyImport } from './ndjson/applyImport.js';
export { type ImportPlan, planImport } from './ndjson/planImport.js';
