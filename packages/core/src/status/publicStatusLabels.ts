/** The four statuses a citizen sees online (Kunming's online channel). */
export type PublicStatus = 'unreviewed' | 'pending' | 'handled' | 'rejected';

/** The four public statuses, in the order a case usually passes them. */
export const PUBLIC_STATUSES: readonly PublicStatus[] = ['unreviewed', 'pending', 'handled', 'rejected'];

/** The Chinese labels the citizen-facing channels show. */
export const PUBLIC_STATUS_LABELS: Readonly<Record<PublicStatus, string>> = {
  unreviewed: '未审核',
  pending: '待办理',
  handled: '已处理',
  rejected: '已拒绝',
};
