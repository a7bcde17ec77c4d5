import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../src/commands/allCommands.js';
import { runCli } from '../src/cli/runCli.js';
import { demoCopy, tempDir } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

/** A password: long enough that it cannot turn up in a message by chance; any printable ASCII but the line end. */
const password = fc.string({ unit: fc.constantFrom(...'abcXYZ0189!$%^&*()-_+=[]{};\'",.<>/?\\|~#@: '.split('')), minLength: 10, maxLength: 24 }).filter((pw) => pw.trim().length >= 10);

/** Ways a connection string with that password is typed (the port is closed, so nothing is ever reached). */
const connectionStrings: readonly ((pw: string) => string)[] = [
  (pw) => `postgres://u:${pw}@127.0.0.1:1/db`,
  (pw) => `postgresql://u:${encodeURIComponent(pw)}@127.0.0.1:1/db`,
  (pw) => `postgres:/u:${pw}@127.0.0.1:1/db`,
  (pw) => `postgres:u:${pw}@127.0.0.1/db`,
  (pw) => `jdbc:postgresql://127.0.0.1:1/db?user=u&password=${pw}`,
  (pw) => `host=127.0.0.1 port=1 user=u password=${pw}`,
  (pw) => `mysql://u:${pw}@127.0.0.1:1/db`,
  (pw) => `sqlite:u:${pw}@x.db`,
];

/** Every argument position whose value a message could echo, for a typed value `v`. */
const positions = (db: string): readonly ((v: string) => readonly string[])[] => [
  (v) => [v],
  (v) => ['dashboards', v, '--db', db],
  (v) => ['dashboards', '--db', v],
  (v) => ['dashboards', `--db=${v}`],
  (v) => ['dashboards', '--store', v],
  (v) => ['verify', '--store', v, '--json'],
  (v) => ['timeline', v, '--db', db],
  (v) => ['import', v, '--db', join(tempDir(), 'new.db')],
  (v) => ['export', '--out', v, '--db', db],
  (v) => ['demo', '--cases', v],
  (v) => ['demo', '--year', v],
  (v) => ['dashboards', '--lock-timeout', v, '--db', db],
  (v) => ['stats', '--from', v, '--db', db],
  (v) => ['stats', '--to', v, '--db', db],
  (v) => ['dashboards', '--as-of', v, '--db', db],
  (v) => ['dashboards', `--${v}`],
  (v) => ['replay', '--verify', `--json=${v}`],
];

/** Runs `casefold` in this process and returns everything it printed. */
const printed = async (args: readonly string[], cwd: string): Promise<{ readonly code: number; readonly text: string }> => {
  let text = '';
  const sink = { write: (chunk: string) => (text += chunk) };
  const code = await runCli(ALL_COMMANDS, args, { stdout: sink, stderr: sink, cwd });
  return { code, text };
};

/** The forms in which a password could be echoed: as typed, URL-encoded, JSON-escaped. */
const formsOf = (pw: string): readonly string[] => [pw, encodeURIComponent(pw), JSON.stringify(pw).slice(1, -1)];

describe('the CLI never echoes a password it was given', () => {
  let copy: { readonly dir: string; readonly db: string };
  beforeAll(() => {
    copy = demoCopy();
  });

  it('for every argument position and every form of connection string, no output holds the password', async () => {
    const at = positions(copy.db);
    await fc.assert(
      fc.asyncProperty(password, fc.integer({ min: 0, max: connectionStrings.length - 1 }), fc.integer({ min: 0, max: at.length - 1 }), async (pw, form, position) => {
        const run = await printed(at[position]!(connectionStrings[form]!(pw)), copy.dir);
        expect(run.code, run.text).not.toBe(0);
        for (const shown of formsOf(pw)) expect(run.text).not.toContain(shown);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('the cases of the attack, as a real process: a URL in --db, postgres:/…, a JDBC string, positionals; the message names the argument', async () => {
    for (const [args, code] of [
      [['dashboards', '--db', 'postgres://u:Hunter2Secret@h/db'], 2],
      [['dashboards', '--store', 'postgres:/u:Hunter2Secret@h/db'], 2],
      [['verify', '--store', 'jdbc:postgresql://h:5432/db?user=u&password=Hunter2Secret'], 2],
      [['dashboards', 'postgres://u:Hunter2Secret@h/db'], 2],
      [['timeline', 'postgres://u:Hunter2Secret@h/db', '--db', copy.db], 3],
    ] as const) {
      const run = await runCasefold(args, { cwd: copy.dir });
      expect(run.code, run.stderr).toBe(code);
      expect(`${run.stdout}${run.stderr}`).not.toContain('Hunter2Secret');
      expect(run.stderr).toMatch(/not shown/);
    }
  }, 60_000);

  it('a --seed that looks like a connection string is not printed back by demo', async () => {
    const dir = tempDir();
    const run = await runCasefold(['demo', '--cases', '3', '--db', 'seed.db', '--seed', 'postgres://u:Hunter2Secret@h/db'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('Hunter2Secret');
    expect(run.stdout).toContain('seed (not shown');
  }, 60_000);
});
