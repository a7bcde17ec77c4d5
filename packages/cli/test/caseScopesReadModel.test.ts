/**
 * The case scopes (`caseScopesProjection`) are among the CLI's built-in projections: `casefold
 * replay` rebuilds them into the stored read model beside the dashboards', where `serve` and
 * `export` check the authorization policy against them.
 */
import { type AnyCaseEvent, type Envelope, caseScopeIn, caseScopesProjection, casesOnBoard } from '@casefold/core';
import { applyEnvelopes, caseIdOfStream, envelopeOf } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_PROJECTIONS, type DashboardState, dashboardProjection } from '../src/projections/dashboardProjection.js';
import { openStore, parseStoreLocation } from '../src/index.js';
import { storeEventCodec } from '../src/store/storeEventCodec.js';
import { demoCopy } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

describe('the case scopes among the CLI built-in projections', () => {
  it('casefold replay stores every case scope, equal to folding caseScopesProjection over the events', async () => {
    expect(DASHBOARD_PROJECTIONS.caseScopes).toBe(caseScopesProjection);
    const { dir, db } = demoCopy();
    const replay = await runCasefold(['replay', '--db', db, '--json'], { cwd: dir });
    expect(replay.code, replay.stderr).toBe(0);
    const store = await openStore(parseStoreLocation({ db }), { cwd: dir });
    try {
      const stored = await store.projections.load(dashboardProjection.name);
      expect(stored?.version).toBe(dashboardProjection.version);
      const state = stored!.state as unknown as DashboardState;
      const envelopes: Envelope<AnyCaseEvent>[] = [];
      for await (const recorded of store.events.readAll()) {
        if (caseIdOfStream(recorded.streamId) === null) continue;
        const event = storeEventCodec.decode(recorded);
        if (E.isLeft(event)) throw event.left;
        envelopes.push(envelopeOf(recorded, event.right));
      }
      expect(state.caseScopes).toEqual(applyEnvelopes(caseScopesProjection, caseScopesProjection.initialState, envelopes));
      const onBoard = casesOnBoard(state.caseBoard);
      expect(onBoard.length).toBeGreaterThan(0);
      for (const entry of onBoard) expect(caseScopeIn(state.caseScopes, entry.caseId)?.holder, entry.caseId).toBe(entry.unit);
    } finally {
      await store.close();
    }
  });
});
