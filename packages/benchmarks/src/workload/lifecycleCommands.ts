import type { DecisionContext, Workflow } from '@casefold/core';
import { mediationWorkflow } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';

const directory = sampleDirectory();
const START = Date.UTC(2026, 0, 5, 1);

/**
 * The command handlers' clock in the benchmarks: case `i` starts `i` minutes after
 * 2026-01-05, so the fresh cases of a long run reach far into the future, and the handler
 * refuses facts dated after its clock. A fixed instant after all of them.
 */
export const benchClock = (): string => '2100-01-01T00:00:00.000Z';

/**
 * The workflow the benchmarks' command handlers decide under: the mediation workflow without
 * its backdating policy, since the workload's facts are dated decades before {@link benchClock}
 * (a history replayed, not a clerk dating facts back); with the policy, the check is one comparison.
 */
export const benchWorkflow: Workflow = (({ backdating: _policy, ...rest }: Workflow): Workflow => rest)(mediationWorkflow);

/** One command of a benchmark case with the context to decide it in. */
export interface BenchCommand {
  readonly command: Record<string, unknown>;
  readonly context: DecisionContext;
}

const ctx = (ms: number, role: string, unit: string): DecisionContext => ({
  now: new Date(ms).toISOString(),
  actor: { id: `${role}-1`, role, unit },
  directory,
  workflow: mediationWorkflow,
});

/**
 * The commands of one typical mediated case (seven events: submitted, reviewed, routed,
 * mediation started, mediated, called back, closed), case `i` starting a minute after case i-1.
 */
export const lifecycleCommands = (i: number): BenchCommand[] => {
  const caseId = `bench-${i}`;
  const t0 = START + i * 60_000;
  const hour = 3_600_000;
  const c = (n: number, role: string, unit: string, command: Record<string, unknown>): BenchCommand => ({
    command: { commandId: `${caseId}-${n}`, caseId, ...command },
    context: ctx(t0 + n * hour, role, unit),
  });
  return [
    c(0, 'intakeClerk', 'majie', {
      type: 'Submit',
      channel: i % 3 === 0 ? 'wechatMiniProgram' : 'window',
      category: i % 5 < 3 ? 'labour' : 'tenancy',
      summary: 'Benchmark request',
      receivingUnit: 'majie',
      area: 'majie-north',
      claimedAmountFen: 1_000_000,
      parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: 'A', phone: null, idNumber: null } }],
    }),
    c(1, 'intakeClerk', 'majie', { type: 'Review', decision: { outcome: 'accepted', note: null } }),
    c(2, 'dispatcher', 'majie', { type: 'Dispatch', to: 'majie-north', reason: null }),
    c(3, 'mediator', 'majie-north', { type: 'StartMediation', track: 'people' }),
    c(4, 'mediator', 'majie-north', { type: 'RecordMediation', result: { outcome: 'agreement', form: 'written', terms: 'Pay', amountFen: 800_000, paymentTerms: null } }),
    c(5, 'followUpAgent', 'majie', { type: 'RecordCallback', purpose: 'followUp', reached: true, satisfaction: 'satisfied', note: null }),
    c(6, 'intakeClerk', 'majie', { type: 'Close', referredTo: null, note: null }),
  ];
};
