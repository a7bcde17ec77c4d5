/**
 * @casefold/cli — the `casefold` command as a library: run it in-process, open stores by
 * location, generate the demo district, and compute and render the dashboards.
 */
export * from './cli/cliErrors.js';
export * from './cli/command.js';
export * from './cli/exitCodes.js';
export * from './cli/output.js';
export * from './cli/runCli.js';
export * from './commands/allCommands.js';
export * from './store/storeLocation.js';
export * from './store/openStore.js';
export * from './projections/dashboardProjection.js';
export * from './projections/catchUp.js';
export * from './dashboards/dashboards.js';
export * from './demo/simulation/index.js';
export * from './demo/generateDemo.js';
export * from './store/hashMismatchError.js';
export * from './ndjson/exportFormat.js';
export * from './ndjson/readExportFile.js';
export * from './ndjson/applyImport.js';
export * from './ndjson/planImport.js';
