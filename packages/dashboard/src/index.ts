/**
 * @casefold/dashboard — a local, read-only web dashboard of casefold's read models: the case
 * board, deadlines and supervision, escalation paths, statistics and each case's timeline, as
 * server-rendered HTML with SVG charts, in zh-CN and English, following new events live.
 * `casefold serve` runs it; see docs/dashboard.md.
 */
export {
  type StartDashboardOptions,
  type RunningDashboard,
  type DashboardAppOptions,
  type DashboardApp,
  DEFAULT_DASHBOARD_PORT,
  dashboardApp,
  isLoopbackHost,
  startDashboard,
} from './server/startDashboard.js';
export { UnscopedRemoteAccessError, isUnscopedRemoteAccessError } from './server/dashboardErrors.js';
export type { BoardQuery, BoardPage, StatisticsQuery, DashboardFigures, DashboardReadModels, DashboardSource, DashboardViewer } from './source/dashboardSource.js';
export { DEADLINE_ITEMS_SHOWN } from './source/dashboardSource.js';
export type { DashboardAccess } from './access/dashboardAccess.js';
export { LANGUAGES, type Language, type Messages } from './i18n/messages.js';
export { isLanguage, languageFromEnvironment, messagesOf } from './i18n/language.js';
export { rejectionText } from './i18n/rejections.js';
export { eventSummaryText } from './i18n/eventSummaries.js';
