import type { NewEvent } from '@casefold/engine';

const TYPES = ['Submitted', 'Reviewed', 'Routed', 'MediationStarted', 'Mediated', 'Closed'] as const;

/**
 * The `k`-th event (0–5) of case `caseNo`: the six lifecycle steps of a mediation case,
 * with data and metadata of realistic size (about 250 and 300 bytes of JSON).
 */
export const caseEvent = (caseNo: number, k: number, tag = ''): NewEvent => ({
  eventId: `evt-${tag}${caseNo}-${k}`,
  type: TYPES[k % TYPES.length]!,
  data: {
    caseId: `case-${caseNo}`,
    channel: 'window',
    category: 'tenancy',
    summary: 'Tenant and landlord dispute the deposit and two months of rent.',
    receivingUnit: 'wuhua-mediation-centre',
    area: `community-${caseNo % 400}`,
    claimedAmountFen: 20_000_000,
    agreedAmountFen: 15_000_000,
    step: k,
  },
  metadata: {
    occurredAt: '2026-03-02T01:00:00.000Z',
    recordedAt: '2026-03-02T01:00:00.120Z',
    commandId: `cmd-${tag}${caseNo}-${k}`,
    correlationId: `cmd-${tag}${caseNo}-0`,
    causationId: null,
    schemaVersion: 1,
    actor: { id: 'staff-7', role: 'mediator', unit: 'wuhua-mediation-centre' },
    workflow: { id: 'mediation', version: 1 },
    deadlines: { started: [], stopped: [] },
  },
});

/** All six events of case `caseNo`. */
export const caseEvents = (caseNo: number, tag = ''): NewEvent[] => Array.from({ length: 6 }, (_, k) => caseEvent(caseNo, k, tag));
