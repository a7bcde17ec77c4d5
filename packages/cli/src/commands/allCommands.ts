import type { CliCommand } from '../cli/command.js';
import { checkpointCommand } from './checkpoint.js';
import { dashboardsCommand } from './dashboards.js';
import { demoCommand } from './demo.js';
import { exportCommand } from './exportEvents.js';
import { importCommand } from './importEvents.js';
import { replayCommand } from './replay.js';
import { serveCommand } from './serve.js';
import { statsCommand } from './stats.js';
import { timelineCommand } from './timeline.js';
import { verifyCommand } from './verify.js';

/** Every `casefold` command, in the order `casefold --help` lists them. */
export const ALL_COMMANDS: readonly CliCommand[] = [
  demoCommand,
  dashboardsCommand,
  replayCommand,
  verifyCommand,
  checkpointCommand,
  timelineCommand,
  statsCommand,
  serveCommand,
  exportCommand,
  importCommand,
];
