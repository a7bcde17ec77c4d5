import { runConformance } from './support/conformanceSuites.js';

// Group commit off: every append is a transaction of its own (a file of its own, so the two runs go in parallel).
runConformance('postgres (groupCommit: false)', { groupCommit: false });
