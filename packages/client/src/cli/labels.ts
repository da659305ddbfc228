import { statusLabels } from '@tiemeng/api/record-catalog';

export type Lang = 'zh' | 'en';

/** `--lang`, else the locale of the environment (zh* → Chinese), else English. */
export function langFrom(option: string | undefined, env = process.env): Lang {
  const pick = option ?? env.TIEMENG_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return pick.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const LABELS: Record<string, [zh: string, en: string]> = {
  id: ['编号', 'ID'],
  status: ['状态', 'Status'],
  priority: ['紧急程度', 'Priority'],
  category: ['类别', 'Category'],
  title: ['标题', 'Title'],
  from: ['请求方', 'From'],
  to: ['协查方', 'To'],
  filed: ['发起', 'Filed'],
  due: ['签收期限', 'Ack due'],
  overdue: ['超期', 'Overdue'],
  direction: ['方向', 'Direction'],
  inbound: ['收到', 'inbound'],
  outbound: ['发出', 'outbound'],
  urgent: ['紧急', 'urgent'],
  normal: ['一般', 'normal'],
  yes: ['是', 'yes'],
  no: ['否', 'no'],
  missing_person: ['失踪人员', 'missing_person'],
  fugitive: ['在逃人员', 'fugitive'],
  figure: ['指标', 'Figure'],
  value: ['数值', 'Value'],
  group: ['分组', 'Group'],
  peer: ['对端', 'Peer'],
  lag: ['待发送', 'Lag'],
  acked: ['对端已确认', 'Peer acked'],
  lastError: ['最近错误', 'Last error'],
  nextRetry: ['下次重试', 'Next retry'],
  pullError: ['拉取错误', 'Pull error'],
  event: ['事件', 'Event'],
  author: ['作者节点', 'Author'],
  officer: ['民警', 'Officer'],
  time: ['时间', 'Time'],
  signature: ['签名', 'Signature'],
  record: ['记录', 'Record'],
  type: ['类型', 'Type'],
  startedBy: ['发起人', 'Started by'],
  outcome: ['结果', 'Outcome'],
  compared: ['比对记录', 'Compared'],
  differences: ['差异', 'Differences'],
  repaired: ['已修复', 'Repaired'],
  incidents: ['未解决事件', 'Incidents'],
};

/** A label in the chosen language; unknown keys print as themselves. */
export const label = (key: string, lang: Lang) => LABELS[key]?.[lang === 'zh' ? 0 : 1] ?? key;

/** Record statuses in Chinese (declared ones from the record types' declarations); in English they print as the API spells them (what `--status` takes). */
const STATUS_ZH: Record<string, string> = {
  active: '有效',
  lapsed: '已失效',
  resolved: '已结束',
  open: '调处中',
  agreement_proposed: '协议待签',
  agreed: '已达成协议',
  concluded: '已结案',
  followed_up: '已回访',
};

/** A record status in the chosen language. */
export const statusLabel = (status: string, lang: Lang) =>
  lang === 'zh' ? (statusLabels[status]?.zh ?? STATUS_ZH[status] ?? status) : status;
