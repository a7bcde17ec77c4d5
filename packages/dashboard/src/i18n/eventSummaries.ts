import { type DurationUnit, ENGLISH_EVENT_SUMMARIES, type EventDescription, type EventSummaryCatalogue, type Satisfaction, formatFen, summaryIn } from '@casefold/core';
import type { Language } from './messages.js';
import { zhCN } from './zhCN.js';

/** The values a field has in the descriptions of type `K` that hold it, e.g. `ValueOf<'Closed', 'outcome'>`. */
type ValueOf<K extends EventDescription['type'], F extends PropertyKey> =
  Extract<EventDescription, { readonly type: K }> extends infer D ? (D extends unknown ? (F extends keyof D ? D[F] & string : never) : never) : never;

const ROUTING: Readonly<Record<ValueOf<'Routed', 'mode'>, string>> = { dispatch: '派发', escalate: '上报', return: '退回' };
const FORM: Readonly<Record<ValueOf<'Mediated', 'form'>, string>> = { written: '书面', oral: '口头' };
const SATISFACTION: Readonly<Record<Satisfaction, string>> = { verySatisfied: '非常满意', satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意', veryDissatisfied: '非常不满意' };
const DURATION_UNIT: Readonly<Record<DurationUnit, string>> = { calendarDays: '自然日', workingDays: '工作日', workingHours: '工作小时' };
const SUPERVISION: Readonly<Record<ValueOf<'SupervisionRaised', 'level'>, string>> = { yellow: '黄牌督办', red: '红牌督办' };
const OUTCOME: Readonly<Record<ValueOf<'Closed', 'outcome'>, string>> = { rejected: '不予受理', settled: '已化解', notSettled: '未化解', withdrawn: '已撤回' };

/** A link as words, e.g. `转为 mediation 案件 M-2`. */
const linkPhrase = ({ relation, kind, caseId }: Pick<Extract<EventDescription, { readonly type: 'CaseLinked' }>, 'relation' | 'kind' | 'caseId'>): string =>
  relation === 'convertedTo' ? `转为 ${kind} 案件 ${caseId}` : relation === 'convertedFrom' ? `由 ${kind} 案件 ${caseId} 转来` : `与 ${kind} 案件 ${caseId} 出自同一申请`;

/** A unit id with its level's name, e.g. `majie（街道）`. */
const unitAt = (unit: string, level: keyof typeof zhCN.level): string => `${unit}（${zhCN.level[level]}）`;

/**
 * The Chinese timeline lines: ids and the codes a workflow defines (channels, categories, tracks,
 * reason codes, rules, stages, kinds) as they are, the core's own codes in words, amounts as
 * `formatFen` writes them (as the CLI's statistics do in both languages).
 */
const ZH_CN: EventSummaryCatalogue = {
  Submitted: (d) =>
    `经 ${d.channel} 渠道提交至 ${unitAt(d.receivingUnit, d.receivingLevel)}：${d.category}，当事人 ${d.parties} 人${d.claimedAmountFen === null ? '' : `，请求金额 ${formatFen(d.claimedAmountFen)}`}${d.links.map((link) => `；${linkPhrase(link)}`).join('')}`,
  Reviewed: (d) => (d.decision === 'accepted' ? '已受理' : `不予受理：${d.reason}`),
  Routed: (d) => `由 ${unitAt(d.from, d.fromLevel)}${ROUTING[d.mode]}至 ${unitAt(d.to, d.toLevel)}`,
  MediationStarted: (d) => `${d.unit} 开始调解，调解类型 ${d.track}`,
  Mediated: (d) => {
    if (d.outcome === 'agreement') {
      return `达成调解协议（${FORM[d.form]}，${formatFen(d.amountFen)}${d.paymentTerms === null ? '' : `，分 ${d.paymentTerms.instalments} 期，${d.paymentTerms.dueDate} 前履行`}）`;
    }
    return d.outcome === 'noAgreement' ? '调解未达成协议' : '调解中撤回申请';
  },
  Notarized: (d) => `调解协议经 ${d.notaryOffice} 赋予强制执行效力公证，公证书 ${d.certificateNo}`,
  CallbackRecorded: (d) => `${d.purpose === 'followUp' ? '回访' : '回访告知其他途径'}：${d.reached ? `已联系上${d.satisfaction === null ? '' : `，${SATISFACTION[d.satisfaction]}`}` : '未联系上'}`,
  DeadlineExtended: (d) => `时限 ${d.rule} 延长 ${d.by} 个${DURATION_UNIT[d.unit]}`,
  ClockPaused: (d) => `时限 ${d.rule} 暂停计时（${d.reason}）`,
  ClockResumed: (d) => `时限 ${d.rule} 恢复计时`,
  SupervisionRaised: (d) => `升级为${SUPERVISION[d.level]}`,
  CaseLinked: (d) => linkPhrase(d),
  Closed: (d) => `办结：${OUTCOME[d.outcome]}${d.referredTo === null ? '' : `，转 ${d.referredTo}`}`,
  workflowEvent: (d) => `事件 ${d.event}${d.fields.length === 0 ? '' : `（记录 ${d.fields.join('、')}）`}${d.stage === null ? '' : `，进入 ${d.stage} 环节`}`,
  withheld: () => '（不予显示）',
};

const CATALOGUES: Readonly<Record<Language, EventSummaryCatalogue>> = { 'zh-CN': ZH_CN, en: ENGLISH_EVENT_SUMMARIES };

/**
 * A timeline line in a language, for the dashboard's timeline page and `casefold timeline`
 * alike, from the line's language-neutral description (`TimelineItem.description`): in English
 * the core's own line (the stored `summary`, byte for byte), in Chinese the catalogue's, typed
 * over every kind of description so that an event type the core adds is a type error here until
 * it is translated. Like the description, no line holds personal data or free text.
 *
 * @example
 * eventSummaryText({ type: 'Reviewed', decision: 'accepted' }, 'zh-CN') // '已受理'
 */
export const eventSummaryText = (description: EventDescription, language: Language): string => summaryIn(CATALOGUES[language], description);
