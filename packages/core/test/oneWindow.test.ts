import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id, type OneWindow, type WindowRequest, centreOneWindow, shippedWorkflows, triage, windowCaseId } from '@casefold/core';

/* The one window's triage (一窗式受理): pure data in, Submit commands out. */

const base = (requestId: string, matter: string, channel: string): WindowRequest => ({
  requestId,
  matter,
  channel,
  category: 'other',
  summary: 'A request at the window',
  receivingUnit: 'majie',
  area: 'majie-north',
  claimedAmountFen: null,
  parties: [{ subjectId: 's-1', side: 'applicant', pii: { name: '张三', phone: null, idNumber: null } }],
});

/** Windows: the centre's, and generated ones (each kind at most once per matter). */
const windowArbitrary: fc.Arbitrary<OneWindow> = fc.oneof(
  fc.constant(centreOneWindow),
  fc.record({
    channels: fc.dictionary(fc.constantFrom('visit', 'phone', 'online'), fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('window', 'line'))),
    matters: fc.dictionary(
      fc.constantFrom('m1', 'm2', 'm3'),
      fc.uniqueArray(fc.record({ kind: fc.constantFrom('a', 'b', 'c'), category: fc.constantFrom('k1', 'k2') }, { requiredKeys: ['kind'] }), {
        selector: (route) => route.kind,
        minLength: 1,
        maxLength: 3,
      }),
    ),
  }),
);

describe('triage, for all requests', () => {
  it('gives one Submit per route, of the route’s kind, with the channel as that kind names it, distinct case ids, and sameRequest links to exactly the others (1,000 runs)', () => {
    fc.assert(
      fc.property(
        windowArbitrary.chain((window) => fc.tuple(fc.constant(window), fc.constantFrom(...Object.keys(window.matters), 'unknown'), fc.constantFrom(...Object.keys(window.channels), 'carrierPigeon'))),
        fc.string({ maxLength: 8 }),
        ([window, matter, channel], requestId) => {
          const result = triage(window, base(requestId, matter, channel));
          if (!Id.is(requestId)) {
            expect(E.isLeft(result) && result.left.code).toBe('MalformedCommand');
            return;
          }
          const routes = window.matters[matter];
          if (routes === undefined) {
            expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidValue', field: 'matter' });
            return;
          }
          if (routes.some((route) => window.channels[channel]?.[route.kind] === undefined)) {
            expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidValue', field: 'channel' });
            return;
          }
          expect(E.isRight(result)).toBe(true);
          if (E.isLeft(result)) return;
          const commands = result.right;
          expect(commands.map((c) => c.kind)).toEqual(routes.map((r) => r.kind));
          expect(new Set(commands.map((c) => c.caseId)).size).toBe(commands.length);
          for (const [i, command] of commands.entries()) {
            expect(command.caseId).toBe(windowCaseId(requestId, command.kind as string));
            expect(command.channel).toBe(window.channels[channel]?.[command.kind as string]);
            expect(command.category).toBe(routes[i]?.category ?? 'other');
            const others = commands.filter((_, j) => j !== i).map((c) => ({ caseId: c.caseId, kind: c.kind, relation: 'sameRequest' }));
            expect(command.links ?? []).toEqual(others);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the centre’s window sends every matter to shipped kinds, by channels and into categories those kinds know', () => {
    const kinds = new Map(shippedWorkflows.map((w) => [w.id, w]));
    for (const [matter, routes] of Object.entries(centreOneWindow.matters)) {
      for (const route of routes) {
        const workflow = kinds.get(route.kind);
        expect(workflow, `${matter} → ${route.kind}`).toBeDefined();
        if (route.category !== undefined) expect(workflow?.categories, `${matter} → ${route.kind}`).toContain(route.category);
      }
    }
    for (const [channel, names] of Object.entries(centreOneWindow.channels)) {
      for (const [kind, name] of Object.entries(names)) expect(kinds.get(kind)?.channels, `${channel} → ${kind}`).toContain(name);
    }
  });
});
