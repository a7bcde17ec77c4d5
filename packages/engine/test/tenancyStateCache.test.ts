import type { CaseState } from '@casefold/core';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { caseCommandHandler, openInMemoryStore, streamStateCache, tenantStore } from '../src/index.js';

const directory = sampleDirectory();
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const NOW = '2026-06-01T08:00:00.000Z';
const withdraw = { type: 'Withdraw', commandId: 'C-1/withdraw', caseId: 'C-1', reason: 'settled privately' };
const review = { type: 'Review', commandId: 'C-1/review', caseId: 'C-1', decision: { outcome: 'accepted', note: null } };

describe('one stream state cache for the case decider, used by two tenants’ handlers of one store', () => {
  it('decides a tenant’s command on its own case, never on another tenant’s case of the same id (the cache is keyed by the stream id as stored)', async () => {
    const shared = await openInMemoryStore();
    const cache = streamStateCache<CaseState>({ maxStreams: 1_000 });
    const [xishan, guandu] = ['xishan', 'guandu'].map((tenantId) => caseCommandHandler({ store: tenantStore(shared, tenantId).events, directory, clock: () => NOW, cache }));
    const context = { actor: clerk, occurredAt: NOW };
    // xishan's case C-1 is closed (withdrawn); guandu's case C-1 has just been submitted.
    for (const command of [sampleSubmit('C-1'), withdraw]) expect(E.isRight(await xishan!(command, context))).toBe(true);
    expect(E.isRight(await guandu!(sampleSubmit('C-1'), context))).toBe(true);
    // guandu reviews its own submitted case.
    const reviewed = await guandu!(review, context);
    // Before the fix: rejected as "Review is not allowed while the case is closed", xishan's case's stage.
    if (E.isLeft(reviewed)) expect.fail(`guandu's review was refused: ${JSON.stringify(reviewed.left, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`);
    expect(reviewed.right.state.stage).not.toBe('closed');
    await shared.close();
  });
});
