#!/usr/bin/env node
/**
 * The `casefold` command. Run with `pnpm casefold <command>` in the repository, or
 * `casefold <command>` once installed. See docs/cli.md.
 */
import { ALL_COMMANDS } from './commands/allCommands.js';
import { runCli } from './cli/runCli.js';

const code = await runCli(ALL_COMMANDS, process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), variables: process.env });
process.exitCode = code;
// Everything is closed by now; should some handle linger, do not keep the shell waiting.
setTimeout(() => process.exit(code), 2_000).unref();
