/**
 * The district simulation behind `casefold demo`, a module of its own: a generated district
 * (directory, people, case scripts) whose year is played through the engine's command
 * handler into any `EventStore`. It knows nothing of the CLI (no options, output, store
 * opening or dashboards); the `demo` command calls it through `generateDemo`.
 */
export { type Prng, prng } from './prng.js';
export { type GenerateDistrictOptions, type GeneratedDistrict, generateDistrict } from './generateDistrict.js';
export { DEFAULT_COMMANDS_IN_FLIGHT, DemoScriptError, LOOKAHEAD_MS, type SimulateYearOptions, type SimulateYearResult, isDemoScriptError, simulateYear } from './simulateYear.js';
export { INTAKE_ROUTES, type IntakeRoute, type YearFigures } from './yearTally.js';
export { REQUEST_MIX } from './requestMix.js';
