import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CASE_EVENT_TYPES,
  type CaseEventType,
  type EventDescription,
  type LifecycleEventDescription,
  WITHHELD,
  WITHHELD_DESCRIPTION,
  decide,
  describeEvent,
  englishSummary,
  eventSummary,
  initialState,
  isLifecycleEvent,
  mediationWorkflow,
} from '@casefold/core';
import { caseHistoryArbitrary, personalDataArbitrary, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { LANGUAGES, eventSummaryText } from '@casefold/dashboard';

/**
 * The timeline lines the dashboard's timeline page and `casefold timeline` show (`eventSummaryText`
 * of @casefold/dashboard): every lifecycle event type of the core has a line in both languages,
 * the English one is the core's (the stored `summary`), the Chinese one has no English beyond the
 * ids and codes it names, and no line shows personal data.
 */

type Samples = { readonly [K in CaseEventType]: readonly Extract<LifecycleEventDescription, { readonly type: K }>[] };

/** Descriptions of each lifecycle event type, one per way its line reads. */
const SAMPLES: Samples = {
  Submitted: [
    { type: 'Submitted', channel: 'window', receivingUnit: 'majie', receivingLevel: 'subDistrict', category: 'tenancy', parties: 2, claimedAmountFen: 20_000_000, links: [] },
    {
      type: 'Submitted',
      channel: 'patrol',
      receivingUnit: 'grid-7',
      receivingLevel: 'grid',
      category: 'civilDispute',
      parties: 1,
      claimedAmountFen: null,
      links: [
        { caseId: 'M-2', kind: 'mediation', relation: 'convertedTo' },
        { caseId: 'G-1', kind: 'gridEvent', relation: 'convertedFrom' },
        { caseId: 'P-3', kind: 'petition', relation: 'sameRequest' },
      ],
    },
  ],
  Reviewed: [
    { type: 'Reviewed', decision: 'accepted' },
    { type: 'Reviewed', decision: 'rejected', reason: 'outOfArea' },
  ],
  Routed: [
    { type: 'Routed', mode: 'dispatch', from: 'majie', fromLevel: 'subDistrict', to: 'majie-north', toLevel: 'community' },
    { type: 'Routed', mode: 'escalate', from: 'majie-north', fromLevel: 'community', to: 'majie', toLevel: 'subDistrict' },
    { type: 'Routed', mode: 'return', from: 'labour-bureau', fromLevel: 'department', to: 'panlong', toLevel: 'district' },
  ],
  MediationStarted: [{ type: 'MediationStarted', track: 'people', unit: 'majie-north' }],
  Mediated: [
    { type: 'Mediated', outcome: 'agreement', form: 'written', amountFen: 15_000_000, paymentTerms: { dueDate: '2026-08-31', instalments: 3 } },
    { type: 'Mediated', outcome: 'agreement', form: 'oral', amountFen: 0, paymentTerms: null },
    { type: 'Mediated', outcome: 'noAgreement' },
    { type: 'Mediated', outcome: 'withdrawn' },
  ],
  Notarized: [{ type: 'Notarized', notaryOffice: 'km-notary-1', certificateNo: '(2026)云昆证字第123号' }],
  CallbackRecorded: [
    { type: 'CallbackRecorded', purpose: 'followUp', reached: true, satisfaction: 'verySatisfied' },
    { type: 'CallbackRecorded', purpose: 'followUp', reached: true, satisfaction: 'satisfied' },
    { type: 'CallbackRecorded', purpose: 'followUp', reached: true, satisfaction: 'basicallySatisfied' },
    { type: 'CallbackRecorded', purpose: 'followUp', reached: true, satisfaction: 'dissatisfied' },
    { type: 'CallbackRecorded', purpose: 'followUp', reached: true, satisfaction: 'veryDissatisfied' },
    { type: 'CallbackRecorded', purpose: 'followUp', reached: true, satisfaction: null },
    { type: 'CallbackRecorded', purpose: 'rejectionExplained', reached: false, satisfaction: null },
  ],
  DeadlineExtended: [
    { type: 'DeadlineExtended', rule: 'mediation', by: 15, unit: 'calendarDays' },
    { type: 'DeadlineExtended', rule: 'petition.handling', by: 30, unit: 'workingDays' },
    { type: 'DeadlineExtended', rule: 'disposal.exposedRubbish', by: 4, unit: 'workingHours' },
  ],
  ClockPaused: [{ type: 'ClockPaused', rule: 'mediation', reason: 'appraisal' }],
  ClockResumed: [{ type: 'ClockResumed', rule: 'mediation' }],
  SupervisionRaised: [
    { type: 'SupervisionRaised', level: 'yellow' },
    { type: 'SupervisionRaised', level: 'red' },
  ],
  CaseLinked: [
    { type: 'CaseLinked', caseId: 'M-2', kind: 'mediation', relation: 'convertedTo' },
    { type: 'CaseLinked', caseId: 'G-2', kind: 'gridEvent', relation: 'convertedFrom' },
    { type: 'CaseLinked', caseId: 'P-1', kind: 'petition', relation: 'sameRequest' },
  ],
  Closed: [
    { type: 'Closed', outcome: 'settled', referredTo: null },
    { type: 'Closed', outcome: 'notSettled', referredTo: 'court' },
    { type: 'Closed', outcome: 'rejected', referredTo: null },
    { type: 'Closed', outcome: 'withdrawn', referredTo: null },
  ],
};

/** The fields whose values are the core's own codes, which the Chinese lines put in words (a `DeadlineExtended`'s `unit` too). */
const TRANSLATED = new Set(['decision', 'mode', 'form', 'outcome', 'purpose', 'satisfaction', 'level', 'relation', 'receivingLevel', 'fromLevel', 'toLevel']);

/** The ids and codes a description names, as they stay in Chinese: every string in it but its `type` and the core's codes, longest first. */
const idsOf = (description: EventDescription): string[] => {
  const kept = (key: string): boolean => key !== 'type' && !TRANSLATED.has(key) && !(key === 'unit' && description.type === 'DeadlineExtended');
  const strings = (value: unknown, key: string): string[] => {
    if (typeof value === 'string') return kept(key) ? [value] : [];
    if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
    return typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => strings(v, k)) : [];
  };
  return strings(description, '').sort((a, b) => b.length - a.length);
};

/** The English words left in a line once the ids and codes its description names are taken out. */
const englishIn = (text: string, description: EventDescription): string[] =>
  idsOf(description)
    .reduce((rest, id) => rest.split(id).join(' '), text)
    .match(/[A-Za-z]{2,}/g) ?? [];

/** A Chinese line of the catalogue: Chinese words, no English beyond its ids and codes. */
const expectChinese = (description: EventDescription): void => {
  const zh = eventSummaryText(description, 'zh-CN');
  expect(zh, JSON.stringify(description)).toMatch(/[\u4e00-\u9fff]/);
  expect(englishIn(zh, description), zh).toEqual([]);
  expect(zh).toMatch(/^[^\n]+$/);
};

describe('the timeline lines shared by the dashboard and the CLI', () => {
  it('has a line in zh-CN and en for every lifecycle event type of the core, a workflow’s own event and a withheld line; no English in the Chinese beyond ids and codes', () => {
    // Given every event type the core has (its own list, so that a new type fails here until it has samples and a line)
    expect(Object.keys(SAMPLES).sort()).toEqual([...CASE_EVENT_TYPES].sort());
    const descriptions: EventDescription[] = [
      ...CASE_EVENT_TYPES.flatMap((type): readonly EventDescription[] => SAMPLES[type]),
      { type: 'workflowEvent', event: 'EventFiled', fields: ['fiveFixes', 'grid'], stage: 'filed' },
      { type: 'workflowEvent', event: 'Checked', fields: [], stage: null },
      WITHHELD_DESCRIPTION,
    ];
    for (const description of descriptions) {
      // When it is said in each language
      // Then the Chinese is a line of the catalogue with no English but the ids and codes it names
      expectChinese(description);
      // and the English is the core's own line, the one the timeline stores
      expect(eventSummaryText(description, 'en')).toBe(englishSummary(description));
      expect(eventSummaryText(description, 'zh-CN')).not.toBe(englishSummary(description));
    }
    // A few lines as the Chinese pages show them
    expect(SAMPLES.Submitted.map((d) => eventSummaryText(d, 'zh-CN'))).toEqual([
      '经 window 渠道提交至 majie（街道）：tenancy，当事人 2 人，请求金额 ¥200,000.00',
      '经 patrol 渠道提交至 grid-7（网格）：civilDispute，当事人 1 人；转为 mediation 案件 M-2；由 gridEvent 案件 G-1 转来；与 petition 案件 P-3 出自同一申请',
    ]);
    expect(eventSummaryText(SAMPLES.Mediated[0]!, 'zh-CN')).toBe('达成调解协议（书面，¥150,000.00，分 3 期，2026-08-31 前履行）');
    expect(eventSummaryText(SAMPLES.Routed[1]!, 'zh-CN')).toBe('由 majie-north（社区）上报至 majie（街道）');
    expect(eventSummaryText(descriptions[descriptions.length - 3]!, 'zh-CN')).toBe('事件 EventFiled（记录 fiveFixes、grid），进入 filed 环节');
    expect(eventSummaryText(WITHHELD_DESCRIPTION, 'en')).toBe(WITHHELD);
  });

  it('says the events of real case histories in Chinese without English beyond their ids and codes, and in English as the core does', () => {
    fc.assert(
      fc.property(caseHistoryArbitrary({ maxLength: 30 }), (history) => {
        for (const event of history.events) {
          const description = describeEvent(event);
          expectChinese(description);
          if (isLifecycleEvent(event)) expect(eventSummaryText(description, 'en')).toBe(eventSummary(event));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('timeline lines never show personal data', () => {
  it('a Submitted naming parties with personal data, and free text holding it too: its line in zh-CN and en holds none of their names, phones or ID numbers', () => {
    const directory = sampleDirectory();
    fc.assert(
      fc.property(fc.array(personalDataArbitrary(), { minLength: 1, maxLength: 3 }), (people) => {
        // Given a Submit whose parties carry personal data, and whose summary (free text) names them
        const parties = people.map((pii, i) => ({ subjectId: `p-${i}`, side: i === 0 ? 'applicant' : 'respondent', pii }));
        const command = sampleSubmit('PII-1', { parties, summary: `${people[0]!.name} 与邻居纠纷` });
        const result = decide(command as never, initialState, {
          now: '2026-05-05T01:00:00.000Z',
          actor: { id: 'intakeClerk@majie', role: 'intakeClerk', unit: 'majie' },
          directory,
          workflow: mediationWorkflow,
        });
        expect(E.isRight(result)).toBe(true);
        if (E.isLeft(result)) return;
        for (const event of result.right) {
          // When its line is described and said in each language
          const description = describeEvent(event);
          const said = [JSON.stringify(description), ...LANGUAGES.map((language) => eventSummaryText(description, language))];
          // Then none of the personal data is in any of it
          for (const pii of people) for (const secret of [pii.name, pii.phone, pii.idNumber]) if (secret !== null) for (const text of said) expect(text).not.toContain(secret);
          // and the line still counts the parties
          if (event.type === 'Submitted') expect(eventSummaryText(description, 'zh-CN')).toContain(`当事人 ${people.length} 人`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
