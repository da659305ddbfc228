import { type Command, Help } from 'commander';
import type { Lang } from './labels.ts';

/**
 * The CLI's own words in Chinese: command and option descriptions (keyed by their English text, as
 * written where each command is registered), commander's headings and its usage errors. Like the
 * labels of labels.ts, English is the text itself; a string missing here stays English.
 */
const HELP_ZH: Record<string, string> = {
  'Tiemeng (铁盟警务) officer CLI: requests, notices, mediations, statistics':
    '铁盟警务民警命令行：协查请求、通报、联合调解、统计',
  'the CLI version': '命令行版本',
  'node URL (default: TIEMENG_NODE or the last node signed in to)':
    '节点地址（默认：TIEMENG_NODE，或最近登录的节点）',
  'machine-readable JSON output': '以 JSON 输出，供程序读取',
  'labels in zh or en (default: from the locale)': '界面语言 zh 或 en（默认：按系统语言）',
  'display help for command': '显示命令帮助',
  'change your password (asked for twice; --password-stdin: current, then new, one a line)':
    '修改密码（新密码输入两次；--password-stdin：先当前密码，再新密码，每行一个）',
  'read the current and the new password from standard input': '从标准输入读取当前密码和新密码',
  'sign in to --node URL; the token is kept per node in your config dir (0600)':
    '登录 --node 指定的节点；令牌按节点保存在配置目录（权限 0600）',
  'your username': '用户名',
  'read the password from standard input': '从标准输入读取密码',
  'forget the token for a node (--node, TIEMENG_NODE, or the last signed in to)':
    '删除某节点的令牌（--node、TIEMENG_NODE 或最近登录的节点）',
  'officers, stations and signing keys (admin)': '民警账号、派出所与签名密钥（管理员）',
  'officer accounts': '民警账号',
  'officer accounts, by username': '民警账号，按用户名排列',
  'only this station': '仅此派出所',
  'disabled accounts too': '包括已停用的账号',
  'create an officer account (the password is asked for, or read with --password-stdin)':
    '创建民警账号（提示输入密码，或用 --password-stdin 读取）',
  'read the first password from standard input': '从标准输入读取初始密码',
  'disable an account: it can no longer sign in': '停用账号：不能再登录',
  'a one-time password the officer must change at the next sign-in; signs them out everywhere':
    '生成一次性密码，民警下次登录须修改；其所有登录随即失效',
  'lift the sign-in throttle on an account': '解除账号的登录限制',
  "replace an officer's roles; they take effect on the next call": '重设民警角色，下一次调用即生效',
  'police stations served by nodes': '各节点服务的派出所',
  'stations known to this node, ours and the partners': '本节点已知的派出所（本方和对方）',
  'add a station served by a node': '添加由某节点服务的派出所',
  'the node that serves it': '服务该派出所的节点',
  'disable a station: no new records name it': '停用派出所：新记录不能再指定它',
  "the node's signing keys": '本节点的签名密钥',
  'sign with a new key from now on; older keys keep verifying': '自现在起用新密钥签名；旧密钥仍可验签',
  'assistance requests (协查请求)': '协查请求',
  'file a request to a partner station': '向对方派出所发起协查请求',
  'the addressed partner station': '协查方（对方派出所）',
  'your station (default: your own)': '请求方派出所（默认：本人所属）',
  'JSON file: { persons: [...], vehicles: [...] }': 'JSON 文件：{ persons: [...], vehicles: [...] }',
  'incident place': '案发地点',
  'incident time (ISO 8601)': '案发时间（ISO 8601）',
  'requests, newest first': '协查请求列表，最新在前',
  'only overdue requests': '仅超期的请求',
  'page size (at most 200)': '每页条数（最多 200）',
  'a request with its signed timeline': '查看一条请求及其签名时间线',
  'acknowledge an inbound request (duty desk)': '签收收到的请求（值班台）',
  'start work on an acknowledged request': '开始办理已签收的请求',
  'ask for (--ask) or provide (--provide) more information': '请求补充（--ask）或提供补充材料（--provide）',
  'report the result': '反馈办理结果',
  'persons located': '查找到的人数',
  'suspects intercepted': '拦截的嫌疑人数',
  'decline a request': '拒绝请求',
  'withdraw your request': '撤回本方请求',
  'close a completed or declined request': '关闭已办结或已拒绝的请求',
  "the partner's help, 1 to 5": '对方协助评价，1 至 5',
  'missing-person and fugitive notices (通报)': '失踪人员与在逃人员通报',
  'issue a notice to partner stations; the subject and details come from a JSON file':
    '向对方派出所发布通报；对象和详情取自 JSON 文件',
  'the notice as `notice.issue` takes it (kind, subject, lastSeen, …)':
    '按 `notice.issue` 的格式填写的通报（kind、subject、lastSeen……）',
  'partner stations (overrides the file)': '接收通报的对方派出所（优先于文件）',
  'notices, newest first (ID numbers masked)': '通报列表，最新在前（身份证号已遮蔽）',
  'a notice (masked) with its signed timeline': '查看一条通报（已遮蔽）及其签名时间线',
  'the full subject (duty, command); the reason is audited': '查看对象完整信息（值班、指挥）；理由记入审计',
  "report a sighting on a partner's notice": '就对方通报反馈发现线索',
  'when (default: now)': '时间（默认：现在）',
  'report the subject located (--kind intercepted: a fugitive intercepted)':
    '反馈已找到对象（--kind intercepted：已拦截在逃人员）',
  "confirm (or --reject) a partner's report on your notice": '核实（或 --reject 否定）对方对本方通报的反馈',
  'the report (default: the only one awaiting review)': '要核实的反馈（默认：唯一一条待核实的）',
  'the report is not borne out': '反馈不属实',
  'change your notice: subject, last seen, contact officer… as a JSON patch (--file)':
    '修改本方通报：对象、最后出现、联系民警……以 JSON 补丁（--file）给出',
  'resolve your notice': '结束本方通报',
  'renew your notice for another review period': '续期本方通报一个复核周期',
  'joint mediation records (联合调解)': '联合调解记录',
  'open a joint mediation with a partner station': '与对方派出所开启联合调解',
  'for professional mediation: where it was referred': '专业调解：移交去向',
  'JSON file: [{ name, province, role, contact? }]': 'JSON 文件：[{ name, province, role, contact? }]',
  'mediations, newest first': '调解列表，最新在前',
  'only those with an overdue follow-up visit': '仅回访已超期的',
  'a mediation with its signatures and signed timeline': '查看一条调解及其签署情况和签名时间线',
  'add a party to the dispute': '添加纠纷当事人',
  'add a mediator: an officer of either side, or a community volunteer (e.g. 五老)':
    '添加调解员：任一方民警，或社区志愿调解员（如“五老”）',
  'the node whose side they serve (e.g. fj-shouning)': '调解员所属一方的节点（如 fj-shouning）',
  'record a mediation session': '记录一次调解',
  'propose agreement terms (both sides must then sign)': '提出协议条款（之后双方须签署）',
  "sign the terms in force (their hash is read from this node's copy)":
    '签署现行条款（条款哈希取自本节点副本）',
  'record the outcome': '记录调解结果',
  'record the follow-up visit (回访)': '记录回访',
  'open inbound requests for your station, urgent and overdue first; --watch follows the live feed (bell on urgent), says when the feed is down, when a request falls overdue and whether our changes have reached the partner':
    '本所待办的收到请求，紧急和超期在前；--watch 跟随实时推送（紧急时响铃），并提示推送中断、请求超期，以及本方操作是否已送达对方',
  'follow the live feed until interrupted': '跟随实时推送，直到中断',
  'with --watch: how often deadlines and deliveries are checked again':
    '与 --watch 同用：每隔几秒重新检查期限和送达',
  'the next page, as the previous page names it': '下一页，按上一页给出的游标',
  'joint statistics for a period (dates inclusive, China Standard Time)':
    '一段时间的联合统计（含首尾日期，北京时间）',
  'YYYY-MM-DD': 'YYYY-MM-DD',
  'CSV (UTF-8 with BOM) to a file, or to standard output': '输出 CSV（带 BOM 的 UTF-8）到文件或标准输出',
  'node-to-node sync': '节点间同步',
  "per peer: heads, lag, last error, next retry, and why the last pull of the partner's link failed":
    '按对端列出：链头、待发送、最近错误、下次重试，以及最近一次拉取对方链路失败的原因',
  'divergences, forged entries and other refused pushes from partners, newest first':
    '对方推送中的分叉、伪造条目和其他被拒记录，最新在前',
  'only this partner node': '仅此对端节点',
  'who you are signed in as, at which node and station, with which roles':
    '当前登录的账号、节点、派出所和角色',
  'the audit trail': '审计日志',
  'audit rows, newest first (auditor); filters as audit.list':
    '审计记录，最新在前（审计员）；筛选条件同 audit.list',
  'e.g. notice.reveal': '如 notice.reveal',
  'the officer id (or node) of the call': '调用者的民警编号（或节点）',
  'rows naming this record': '涉及此记录的审计行',
  'at or after this time (ISO 8601)': '不早于此时间（ISO 8601）',
  'before this time (ISO 8601)': '早于此时间（ISO 8601）',
  'page size (at most 500)': '每页条数（最多 500）',
  "recompute this node's audit hash chain": '重新计算本节点的审计哈希链',
  'reconcile (对账) with a peer node now: chains, shared records, audit anchors':
    '立即与对端节点对账：链路、共享记录、审计锚点',
  'the peer node (default: the only peer)': '对端节点（默认：唯一的对端）',
  'stored runs, newest first, scheduled and on demand': '已保存的对账记录，最新在前，含定时和手动',
  'only the runs with this peer': '仅与此对端的对账',
  'runs per page (at most 200)': '每页条数（最多 200）',
  'the next page: runs numbered below this': '下一页：编号小于此数的对账',
  'one stored run in full: links, costs, every difference and how it was resolved':
    '查看一次对账的全部内容：链路、开销、每处差异及处理方式',
  "the run's number (#)": '对账编号（#）',
  // Commander's headings and the notes it adds to an option's description.
  'Usage:': '用法：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
};

/** The CLI's own text in `lang`. */
export const helpText = (en: string, lang: Lang): string => (lang === 'zh' ? (HELP_ZH[en] ?? en) : en);

/** Commander's usage errors in Chinese; anything not matched stays as commander wrote it. */
const USAGE_ERRORS_ZH: [RegExp, string][] = [
  [/^error: unknown option '(.*?)'/, "错误：未知选项 '$1'"],
  [/^error: unknown command '(.*?)'/, "错误：未知命令 '$1'"],
  [/^error: required option '(.*?)' not specified/, "错误：缺少必需选项 '$1'"],
  [/^error: missing required argument '(.*?)'/, "错误：缺少必需参数 '$1'"],
  [/^error: option '(.*?)' argument missing/, "错误：选项 '$1' 缺少值"],
  [
    /^error: too many arguments( for '.*?')?\. Expected (\d+) arguments? but got (\d+)\./,
    '错误：参数过多，应为 $2 个，实为 $3 个。',
  ],
  [/^error: option '(.*?)' argument '(.*?)' is invalid\./, "错误：选项 '$1' 的值 '$2' 无效。"],
  [
    /^error: command-argument value '(.*?)' is invalid for argument '(.*?)'\./,
    "错误：参数 '$2' 的值 '$1' 无效。",
  ],
  [/Allowed choices are (.*)\.$/m, '可选值：$1。'],
  [/Not a positive whole number\./, '须为正整数。'],
  [/Not a whole number\./, '须为整数。'],
  [/\(Did you mean one of (.*)\?\)/, '（是否想输入以下之一：$1？）'],
  [/\(Did you mean (.*)\?\)/, '（是否想输入 $1？）'],
];

/** A commander usage error in `lang`. */
export function usageErrorText(text: string, lang: Lang): string {
  if (lang !== 'zh') return text;
  return USAGE_ERRORS_ZH.reduce((t, [pattern, zh]) => t.replace(pattern, zh), text);
}

/** Notes commander adds after an option's description. */
const OPTION_NOTES_ZH: [RegExp, string][] = [
  [/\(default: /g, '(默认: '],
  [/\(choices: /g, '(可选: '],
  [/\(env: /g, '(环境变量: '],
  [/, default: /g, ', 默认: '],
];

/**
 * Puts the help of `program` and all its commands in `lang`: descriptions, commander's headings and
 * notes, the help option and command. Call once every command is registered.
 */
export function localiseHelp(program: Command, lang: Lang): void {
  if (lang !== 'zh') return;
  const localise = (command: Command) => {
    command.description(helpText(command.description(), lang));
    for (const option of command.options) option.description = helpText(option.description, lang);
    for (const argument of command.registeredArguments)
      argument.description = helpText(argument.description, lang);
    command.helpOption('-h, --help', helpText('display help for command', lang));
    command.configureHelp({
      styleTitle: (title: string) => helpText(title, lang),
      optionDescription(this: Help, option) {
        const base = Help.prototype.optionDescription.call(this, option);
        return OPTION_NOTES_ZH.reduce((t, [pattern, zh]) => t.replace(pattern, zh), base);
      },
    });
    // A command with subcommands answers `help [command]` too.
    if (command.commands.length > 0)
      command.helpCommand('help [command]', helpText('display help for command', lang));
    for (const sub of command.commands) localise(sub);
  };
  localise(program);
}
