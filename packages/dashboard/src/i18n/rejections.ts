import { type Rejection, type RejectionCode, type RejectionDetails, isGuardRejection } from '@casefold/core';
import type { Language } from './messages.js';

/** One sentence per core rejection code, from the code's details. */
type RejectionTexts = { readonly [K in RejectionCode]: (details: RejectionDetails[K]) => string };

const list = (values: readonly string[]): string => (values.length === 0 ? '无' : values.join('、'));

/**
 * The core's rejections in Chinese: what was refused and what would be accepted. Typed over
 * every code, so a code the core adds is a type error here until it is translated.
 */
const ZH_CN: RejectionTexts = {
  MalformedCommand: ({ errors }) => `指令格式不正确：${errors.map((e) => e.path || '（整条指令）').join('、')}。`,
  InvalidContext: ({ errors }) => `办理环境不可用（时间、办理人、单位目录或流程）：${errors.map((e) => e.path || '（整体）').join('、')}。`,
  InvalidValue: ({ field, value, allowed }) => `${field} 的值“${value}”不可用；可用的值：${list(allowed)}。`,
  CaseNotFound: ({ caseId }) => `没有案件 ${caseId}。`,
  CaseAlreadyExists: ({ caseId }) => `案件 ${caseId} 已经存在。`,
  CaseMismatch: ({ caseId, stateCaseId }) => `指令针对案件 ${caseId}，但载入的是案件 ${stateCaseId}。`,
  WorkflowMismatch: ({ caseWorkflow, givenWorkflow }) => `案件按流程 ${caseWorkflow} 办理，不能按 ${givenWorkflow} 办理。`,
  TimeWentBackwards: ({ now, lastEventAt }) => `办理时间 ${now} 早于案件最近一次事件的时间 ${lastEventAt}。`,
  BackdatingNotAllowed: ({ occurredAt, recordedAt, role, mayBackdate }) =>
    `${role} 不能把 ${recordedAt} 录入的事项日期倒签为 ${occurredAt}：超出流程允许的倒签时限${mayBackdate.length === 0 ? '' : `（可倒签的角色：${list(mayBackdate)}）`}。`,
  NotAllowedInStage: ({ command, stage, allowedStages }) => `案件处于“${stage}”环节，不能办理 ${command}；可办理的环节：${list(allowedStages)}。`,
  RoleNotAllowed: ({ command, role, allowedRoles }) => `${role} 无权办理 ${command}；有权办理的角色：${list(allowedRoles)}。`,
  NotResponsibleUnit: ({ actorUnit, handlingUnit }) => `${actorUnit} 既不承办、不首办，也不督办此案（承办单位：${handlingUnit}）。`,
  NotAParty: ({ actorId }) => `${actorId} 不是本案的申请人。`,
  NotCompetent: ({ unitId, category, competentFor }) => `${unitId} 不受理“${category}”类事项；其受理范围：${list(competentFor)}。`,
  UnknownUnit: ({ field, unitId }) => `${field}：单位目录中没有 ${unitId}。`,
  UnitOutOfReach: ({ from, to }) => `${from} 不能把案件派给 ${to}：只能派给下级单位或为其服务的职能部门。`,
  EscalationNotPossible: ({ from }) => `${from} 没有可以上报的上级单位。`,
  EscalationMustGoOneLevelUp: ({ from, expected, given }) => `${from} 只能逐级上报到 ${expected}，不能上报到 ${given}。`,
  NothingToReturn: ({ handlingUnit }) => `案件不是由其他单位派到 ${handlingUnit} 的，没有可以退回的来源单位。`,
  CallbackRequired: ({ purpose }) => `办结前须先完成回访（${purpose}）。`,
  NotarizationNeedsWrittenPaymentAgreement: () => '赋强公证须有载明给付内容的书面调解协议。',
  ReferralNotAllowed: ({ outcome }) => `只有调解不成的案件才能转其他途径；本案结果为“${outcome}”。`,
  DeadlineNotRunning: ({ rule }) => `时限 ${rule} 未在计时。`,
  ExtensionExceedsLimit: ({ rule, maxExtension, requestedTotal }) => `时限 ${rule} 延期合计 ${requestedTotal}，超过上限 ${maxExtension}。`,
  ClockAlreadyPaused: ({ rule }) => `时限 ${rule} 已经暂停。`,
  ClockNotPaused: ({ rule }) => `时限 ${rule} 未暂停，不能恢复。`,
  SupervisionNotRaised: ({ current, requested }) => `督办已是 ${current}，不能改为 ${requested}（只能升级）。`,
  InvalidInput: () => '决定器无法检查收到的输入：请传入已解码的案件状态和办理环境。',
};

/**
 * A rejection's message in a language, for the dashboard's pages and the CLI's messages alike:
 * in English the core's own message (which also says what to do at the place it refused); in
 * Chinese the catalogue's sentence for a core rejection, from its details only (no personal
 * data, no English beyond ids and codes), and for a workflow guard's rejection its rule and
 * workflow with the message the workflow declares (workflows carry one language).
 */
export const rejectionText = (rejection: Rejection<string>, language: Language): string => {
  if (language === 'en') return rejection.message;
  if (isGuardRejection(rejection)) return `不符合流程规则 ${rejection.guard}（${rejection.workflow}）：${rejection.message}`;
  return (ZH_CN[rejection.code] as (details: typeof rejection) => string)(rejection);
};
