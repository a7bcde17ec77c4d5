import { runConformance } from './support/conformanceSuites.js';

// Group commit on (the default): concurrent appends of the suite share transactions.
runConformance('postgres', {});
