import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { countEvents } from './support/lockedPartWay.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';
import { writeSyntheticExport } from './support/syntheticExport.js';

/*
 * Two operators import the same export into the same new database at the same moment. Both
 * check the file and compare it with the (still empty) database; the one that appends second
 * finds streams the other has just written. It must say so (another process wrote to the
 * stream, run the import again), not fail as an internal error.
 */
describe('import: two processes importing into one database at once', () => {
  it('the one that loses the race exits 4 (or 6) naming the stream another process wrote, never 5; the store stays intact and a third import completes it', async () => {
    const dir = tempDir();
    const file = join(dir, 'notes.ndjson');
    const events = await writeSyntheticExport(file, { streams: 20_000, eventsPerStream: 1, dataChars: 10 });
    const db = join(dir, 'shared.db');

    // Given two imports of the same file started together
    const runs = await Promise.all([0, 1].map(() => runCasefold(['import', file, '--db', db, '--lock-timeout', '60000'], { cwd: dir })));

    // Then one completes and the other says another process wrote to a stream it was about to append to
    const codes = runs.map((run) => run.code).sort();
    expect(codes[0], runs.map((run) => run.stderr).join('\n')).toBe(0);
    const loser = runs.find((run) => run.code !== 0)!;
    expect(loser, 'both imports finished without meeting: the race was not run').toBeDefined();
    expect([4, 6], loser.stderr).toContain(loser.code);
    expect(loser.stderr).toMatch(/another process wrote to stream 'note-\d+' while this import was appending/);
    expect(loser.stderr).toContain('run the same import again');
    expect(loser.stderr).not.toContain('WrongExpectedRevisionError');
    expect(loser.stderr).not.toMatch(/^\s+at /m);

    // And the store holds every event, intact; importing again adds nothing
    const verify = await runCasefold(['verify', '--db', db], { cwd: dir });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(countEvents(db)).toBe(events);
    const again = await runCasefold(['import', file, '--db', db, '--json'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again)).toMatchObject({ events: 0, alreadyStored: events });
  }, 300_000);
});
