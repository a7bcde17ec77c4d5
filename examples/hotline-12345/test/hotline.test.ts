import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnyCaseEvent, type Envelope, caseBoardProjection, caseTimelineProjection, casesOnBoard, checkWorkflow, deadlinesProjection, timelineOf, workflowDiagram } from '@casefold/core';
import { applyEnvelopes, caseCommandHandler, caseEventCodec, chinaCalendar, envelopeOf } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { hotlineDirectory } from '../src/hotlineDirectory.js';
import { hotlineWorkflow } from '../src/hotlineWorkflow.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const at = (day: number, hour: number): string => new Date(Date.UTC(2026, 5, day, hour)).toISOString();
const staff = (role: string, unit: string) => ({ id: `${role}@${unit}`, role, unit });

const openHotline = () => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-hotline-'));
  dirs.push(dir);
  let now = at(1, 0);
  // #region running
  const store = getSqliteEventStore({ fileName: join(dir, 'hotline.db') });
  const execute = caseCommandHandler({ store, directory: hotlineDirectory(), workflow: hotlineWorkflow, clock: () => now });
  const codec = caseEventCodec({ workflows: [hotlineWorkflow] }); // to read its events back
  // #endregion running
  const run = async (day: number, hour: number, actor: ReturnType<typeof staff>, command: Record<string, unknown>) => {
    now = at(day, hour);
    return execute({ commandId: `c-${day}-${hour}-${String(command['type'])}`, caseId: 'W-1', ...command }, { actor });
  };
  const envelopes = async (): Promise<Envelope<AnyCaseEvent>[]> => {
    const all: Envelope<AnyCaseEvent>[] = [];
    for await (const recorded of store.readAll()) {
      const decoded = codec.decode(recorded);
      if (E.isLeft(decoded)) throw decoded.left;
      all.push(envelopeOf(recorded, decoded.right));
    }
    return all;
  };
  return { store, run, envelopes };
};

const accepted = (result: Awaited<ReturnType<ReturnType<typeof openHotline>['run']>>) => {
  if (E.isLeft(result)) throw new Error(`refused: ${JSON.stringify(result.left)}`);
  return result.right;
};

const SUBMIT = {
  type: 'Submit',
  channel: 'hotline12345',
  category: 'labour',
  summary: 'Wages for May not paid by a construction subcontractor',
  receivingUnit: 'xishan',
  area: 'majie-north',
  claimedAmountFen: 1_200_000,
  parties: [{ subjectId: 'caller-1', side: 'applicant', pii: { name: '王五', phone: '13900000000', idNumber: null } }],
};

describe('a 12345 work order on the open case model (SQLite)', () => {
  it('is a valid workflow, and its README shows the diagram generated from its data', () => {
    expect(checkWorkflow(hotlineWorkflow)).toEqual([]);
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(/```mermaid\n([\s\S]*?)\n```/.exec(readme)?.[1]).toBe(workflowDiagram(hotlineWorkflow));
  });

  it('runs its own commands, events, roles and guards through the command handler, and shows in the board, deadlines and timeline', async () => {
    const { store, run, envelopes } = openHotline();
    try {
      accepted(await run(1, 1, staff('operator', 'xishan'), SUBMIT));
      accepted(await run(1, 2, staff('operator', 'xishan'), { type: 'Review', decision: { outcome: 'accepted', note: null } }));
      const dispatched = accepted(await run(1, 3, staff('dispatcher', 'xishan'), { type: 'Dispatch', to: 'xishan-labour', reason: null }));
      expect(dispatched.state.clocks['unitReply']?.stoppedAt).toBeNull();

      // the workflow's guard: a supervisor may extend a little, the director beyond 5 working days in total
      accepted(await run(2, 1, staff('supervisor', 'xishan'), { type: 'ExtendDeadline', rule: 'unitReply', by: 3, reason: 'Employer abroad' }));
      const tooLong = await run(2, 2, staff('supervisor', 'xishan'), { type: 'ExtendDeadline', rule: 'unitReply', by: 2, reason: 'Still abroad' });
      expect(E.isLeft(tooLong) && tooLong.left.kind === 'rejected' && tooLong.left.rejection).toMatchObject({
        code: 'DirectorApprovalRequired',
        guard: 'longExtensionNeedsDirector',
        workflow: 'hotline12345@1',
      });
      accepted(await run(2, 3, staff('director', 'xishan'), { type: 'ExtendDeadline', rule: 'unitReply', by: 2, reason: 'Still abroad' }));

      // the unit replies (the workflow's own command and event); the caller is not satisfied, so the order goes back
      const replied = accepted(await run(3, 1, staff('unitHandler', 'xishan-labour'), { type: 'Reply', workOrderNo: 'WO-2026-0001', reply: 'Employer ordered to pay by 15 June', resolved: false }));
      expect(replied.events.map((e) => e.type)).toEqual(['Replied']);
      expect(replied.state.stage).toBe('replied');
      expect(replied.state.status).toBe('handled');
      expect(replied.state.clocks['unitReply']?.stoppedAt).toBe(at(3, 1));
      const tooEarly = await run(3, 2, staff('operator', 'xishan'), { type: 'Close', referredTo: null, note: null });
      expect(E.isLeft(tooEarly) && tooEarly.left.kind === 'rejected' && tooEarly.left.rejection.code).toBe('VerdictRequired');
      accepted(await run(3, 3, staff('callbackAgent', 'xishan'), { type: 'RecordCallback', purpose: 'followUp', reached: true, satisfaction: 'dissatisfied', note: null }));
      const back = accepted(await run(3, 4, staff('callbackAgent', 'xishan'), { type: 'RecordVerdict', verdict: 'dissatisfied' }));
      expect(back.state.stage).toBe('routed');
      expect(back.state.clocks['reHandling']).toMatchObject({ startedAt: at(3, 4), stoppedAt: null });
      expect(back.state.status).toBe('pending');
      expect(back.state.facts['VerdictRecorded']).toMatchObject({ count: 1, data: { verdict: 'dissatisfied' } });

      // re-handled, called back, satisfied, closed
      accepted(await run(4, 1, staff('unitHandler', 'xishan-labour'), { type: 'Reply', workOrderNo: 'WO-2026-0001', reply: 'Wages paid in full on 4 June', resolved: true }));
      accepted(await run(4, 2, staff('callbackAgent', 'xishan'), { type: 'RecordCallback', purpose: 'followUp', reached: true, satisfaction: 'satisfied', note: null }));
      accepted(await run(4, 3, staff('callbackAgent', 'xishan'), { type: 'RecordVerdict', verdict: 'satisfied' }));
      const closed = accepted(await run(4, 4, staff('operator', 'xishan'), { type: 'Close', referredTo: null, note: null }));
      expect(closed.state.closure?.outcome).toBe('settled');

      const all = await envelopes();
      expect(all.every((e) => e.event.meta.workflow.id === 'hotline12345')).toBe(true);
      const board = applyEnvelopes(caseBoardProjection, caseBoardProjection.initialState, all);
      expect(casesOnBoard(board)).toEqual([expect.objectContaining({ caseId: 'W-1', stage: 'closed', status: 'handled', outcome: 'settled', unit: 'xishan-labour' })]);
      expect(board.counts.byStage).toEqual({ closed: 1 });

      const timeline = timelineOf(applyEnvelopes(caseTimelineProjection, caseTimelineProjection.initialState, all), 'W-1', chinaCalendar());
      const types = timeline?.items.map((item) => item.type) ?? [];
      expect(types).toEqual(expect.arrayContaining(['Replied', 'VerdictRecorded']));
      expect(timeline?.items.find((item) => item.type === 'Replied')?.summary).toBe('Replied (reply, resolved, workOrderNo) → replied');
      // no free text and no personal data in the timeline
      expect(JSON.stringify(timeline)).not.toMatch(/Wages paid|王五|13900000000/);

      const beforeClose = all.slice(
        0,
        all.findIndex((e) => e.event.type === 'Replied'),
      );
      const deadlines = applyEnvelopes(deadlinesProjection, deadlinesProjection.initialState, beforeClose);
      expect(JSON.stringify(deadlines)).toContain('unitReply');
    } finally {
      store.close();
    }
  });

  it('answers a consultation on the spot, and refuses a caller acting on someone else’s order', async () => {
    const { store, run } = openHotline();
    try {
      accepted(await run(1, 1, staff('operator', 'xishan'), { ...SUBMIT, category: 'consultation' }));
      const stranger = await run(1, 2, { id: 'caller-9', role: 'caller', unit: 'xishan' }, { type: 'Withdraw', reason: 'Not mine' });
      expect(E.isLeft(stranger) && stranger.left.kind === 'rejected' && stranger.left.rejection.code).toBe('NotAllowedInStage');
      const answered = accepted(
        await run(1, 3, staff('operator', 'xishan'), { type: 'AnswerOnTheSpot', workOrderNo: 'WO-2026-0002', answer: 'Arbitration is free; apply at the district commission' }),
      );
      expect(answered.state.status).toBe('handled');
      const noVerdict = await run(1, 4, staff('operator', 'xishan'), { type: 'Close', referredTo: null, note: null });
      expect(E.isLeft(noVerdict) && noVerdict.left.kind === 'rejected' && noVerdict.left.rejection).toMatchObject({ code: 'VerdictRequired', guard: 'closeAfterVerdict' });
      const malformed = await run(1, 5, staff('callbackAgent', 'xishan'), { type: 'RecordVerdict', verdict: 'delighted' });
      expect(E.isLeft(malformed) && malformed.left.kind === 'rejected' && malformed.left.rejection.code).toBe('MalformedCommand');
    } finally {
      store.close();
    }
  });
});
