import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS, EXIT, runCli } from '../src/index.js';
import { tempDir } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

const capture = () => {
  let text = '';
  return { sink: { write: (chunk: string) => (text += chunk) }, text: () => text };
};

const run = async (args: readonly string[]) => {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(ALL_COMMANDS, args, { stdout: stdout.sink, stderr: stderr.sink, cwd: tempDir() });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
};

describe('help and usage', () => {
  it.each(ALL_COMMANDS.map((c) => c.name))('`casefold %s --help` shows its usage, options and the exit codes', async (name) => {
    const result = await run([name, '--help']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain(`Usage: casefold ${name}`);
    expect(result.stdout).toContain('--db FILE');
    expect(result.stdout).toContain('Exit codes:');
    for (const option of ALL_COMMANDS.find((c) => c.name === name)!.options) expect(result.stdout).toContain(`--${option.name}`);
  });

  it('`casefold --help` lists every command; no command is a usage error', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(EXIT.ok);
    for (const command of ALL_COMMANDS) expect(help.stdout).toContain(command.name);
    expect((await run([])).code).toBe(EXIT.usage);
  });

  it('usage errors name the problem and exit 2', async () => {
    expect(await run(['timeline'])).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('timeline needs <caseId>') });
    expect(await run(['verify', 'extra'])).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('unexpected argument "extra"') });
    expect(await run(['demo', '--cases', 'many'])).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('--cases must be a whole number') });
    expect(await run(['verify', '--db', 'a.db', '--store', 'b.db'])).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('either --db FILE or --store') });
    expect(await run(['verify', '--store', 'mysql://x'])).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('unknown kind of store "mysql://"') });
  });

  it('a postgres:// store that cannot be reached is a store error (exit 4) naming its host and database, never its user or password', async () => {
    const result = await run(['verify', '--store', 'postgres://casefold:secret@localhost/db']);
    expect(result.code).toBe(EXIT.store);
    expect(result.stderr).toContain("'postgres://localhost/db'");
    expect(result.stderr).not.toContain('secret');
  });

  it('the real command prints its help as a child process', async () => {
    const result = await runCasefold(['demo', '--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: casefold demo [--db FILE] [--cases N] [--seed S]');
  });
});
