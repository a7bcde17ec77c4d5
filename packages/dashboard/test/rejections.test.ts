import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decide, initialState, mediationWorkflow } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { rejectionText } from '@casefold/dashboard';

const directory = sampleDirectory();
const now = '2026-05-05T01:00:00.000Z';
const clerk = { id: 'clerk-7', role: 'intakeClerk', unit: 'majie' };

describe('rejectionText', () => {
  it("says a real rejection of the core in Chinese, from its code's details, and in English as the core does", () => {
    const refused = decide({ type: 'Close', commandId: 'c-1', caseId: 'NOPE-1', referredTo: null, note: null }, initialState, { now, actor: clerk, directory, workflow: mediationWorkflow });
    if (E.isRight(refused)) throw new Error('expected a rejection');
    expect(refused.left.code).toBe('CaseNotFound');
    expect(rejectionText(refused.left, 'zh-CN')).toBe('没有案件 NOPE-1。');
    expect(rejectionText(refused.left, 'en')).toBe(refused.left.message);
  });

  it('names the stages a command is allowed in', () => {
    const text = rejectionText({ code: 'NotAllowedInStage', message: 'x', command: 'Close', stage: 'submitted', allowedStages: ['agreed', 'notAgreed'] }, 'zh-CN');
    expect(text).toBe('案件处于“submitted”环节，不能办理 Close；可办理的环节：agreed、notAgreed。');
  });

  it("gives a workflow guard's rejection its rule and workflow with the workflow's own message", () => {
    expect(rejectionText({ code: 'MatterAlreadyFinal', message: 'The matter is final', guard: 'finality', workflow: 'petition@1' }, 'zh-CN')).toBe(
      '不符合流程规则 finality（petition@1）：The matter is final',
    );
  });
});
