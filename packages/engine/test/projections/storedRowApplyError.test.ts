import { type DeadlinesRow, deadlinesRows, isStoredRowError, shippedWorkflows } from '@casefold/core';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { caseCommandHandler, caseEventCodec, getInMemoryEventStore, getInMemoryRowProjectionStore, isCasefoldError, isProjectionApplyError, startRowProjection } from '../../src/index.js';
import { storedEvents } from '../cases/storedEvents.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const review = (caseId: string) => ({ type: 'Review', commandId: `${caseId}/review`, caseId, decision: { outcome: 'accepted', note: null } });

describe('a built-in row projection whose stored row was changed behind its back', () => {
  it('stops on the next event of that row with a ProjectionApplyError whose cause is the StoredRowError and whose advice is to rebuild, not to fix apply; rebuilding gives the rows back', async () => {
    const store = getInMemoryEventStore();
    const directory = sampleDirectory();
    const execute = caseCommandHandler({ store, directory, clock: () => NOW });
    expect(E.isRight(await execute(sampleSubmit('F-1', { commandId: 'F-1/submit' }), { actor: clerk, occurredAt: NOW }))).toBe(true);
    const [submitted] = await storedEvents(store);
    const streamId = submitted!.streamId;

    const rowStore = getInMemoryRowProjectionStore();
    const projection = deadlinesRows(directory);
    const decode = caseEventCodec({ workflows: shippedWorkflows }).decode;
    const first = await startRowProjection({ store, rowStore, projection, decode });
    await first.waitFor(submitted!.position);
    await first.stop();
    const row = (await rowStore.get(projection, [streamId])).get(streamId);
    expect(row?.clocks).not.toBe('{}');

    // What `sqlite3 … "update rows_deadlinesRows set clocks='{not json' …"` does, through the port.
    const bad: DeadlinesRow = { ...row!, clocks: '{not json' };
    await rowStore.commit(projection, { version: projection.version, position: submitted!.position, put: [bad], removed: [] }, submitted!.position);
    expect(E.isRight(await execute(review('F-1'), { actor: clerk, occurredAt: NOW }))).toBe(true);
    const last = (await storedEvents(store)).at(-1)!;

    const second = await startRowProjection({ store, rowStore, projection, decode });
    const error = await second.waitFor(last.position).catch((e: unknown) => e);
    await second.stop();
    expect(isProjectionApplyError(error), String(error)).toBe(true);
    if (!isProjectionApplyError(error)) return;
    expect(error.event).toMatchObject({ streamId, position: last.position });
    expect(isStoredRowError(error.cause), String(error.cause)).toBe(true);
    expect(isCasefoldError(error.cause, 'StoredRowError')).toBe(true);
    expect(error.cause).toMatchObject({ projection: 'deadlinesRows', key: streamId, column: 'clocks' });
    expect(error.message).toContain(`Row projection 'deadlinesRows', row ${JSON.stringify(streamId)}, column 'clocks': not JSON (`);
    expect(error.message).toContain('apply needs no fix: delete the projection\'s rows (`casefold replay` for the built-in ones, or the row store\'s delete("deadlinesRows"))');
    expect(error.message).not.toContain("fix the projection's apply");
    expect(error.message).not.toContain('resumes at this event');

    // Doing what it says: the rows are built again from the events.
    await rowStore.delete(projection.name);
    const rebuilt = await startRowProjection({ store, rowStore, projection, decode });
    await rebuilt.waitFor(last.position);
    await rebuilt.stop();
    const clocks = (await rowStore.get(projection, [streamId])).get(streamId)?.clocks;
    expect(() => JSON.parse(clocks ?? '') as unknown).not.toThrow();
  });
});
