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

describe('review: one stream state cache for the case decider, used by two tenants’ handlers', () => {
  it('decides a tenant’s command on its own case, never on another tenant’s case of the same id (streamStateCache: "Use one cache per decider")', async () => {
    const shared = await openInMemoryStore();
    const cache = streamStateCache<CaseState>({ maxStreams: 1_000 });
    const [xishan, guandu] = ['xishan', 'guandu'].map((tenantId) => caseCommandHandler({ store: tenantStore(shared, tenantId).events, directory, clock: () => NOW, cache }));
    const context = { actor: clerk, occurredAt: NOW };
    // xishan's case C-1 is closed (withdrawn); guandu's case C-1 has just been submitted.
    for (const command of [sampleSubmit('C-1'), withdraw]) expect(E.isRight(await xishan!(command, context))).toBe(true);
    expect(E.isRight(await guandu!(sampleSubmit('C-1'), context))).toBe(true);
    // guandu reviews its own submitted case.
    const reviewed = await guandu!(review, context);
    // Fails today: rejected as "Review is not allowed while the case is closed" — xishan's case's stage.
    expect(JSON.stringify(reviewed)).not.toContain('closed');
    expect(E.isRight(reviewed)).toBe(true);
    await shared.close();
  });
});
