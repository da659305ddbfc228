import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

interface ErrorCodeSpec {
  /** The tRPC code, which fixes the HTTP status. */
  trpc: TRPC_ERROR_CODE_KEY;
  /** The caller was turned away (who they are, or what they may do): audited as `refused`, not `error`. */
  refusal?: true;
  en: string;
  zh: string;
}

/**
 * Every application error code Tiemeng answers with. Codes are stable API: clients branch on them.
 * A code without a tRPC mapping or a message in both languages does not compile.
 */
export const errorCodes = {
  INVALID_INPUT: { trpc: 'BAD_REQUEST', en: 'The input is invalid', zh: '输入内容不符合要求' },
  UNAUTHENTICATED: { refusal: true, trpc: 'UNAUTHORIZED', en: 'Sign in first', zh: '请先登录' },
  TOKEN_INVALID: {
    refusal: true,
    trpc: 'UNAUTHORIZED',
    en: 'The access token is invalid or expired',
    zh: '访问令牌无效或已过期',
  },
  BAD_CREDENTIALS: {
    refusal: true,
    trpc: 'UNAUTHORIZED',
    en: 'Wrong username or password',
    zh: '用户名或密码错误',
  },
  TOO_MANY_ATTEMPTS: {
    refusal: true,
    trpc: 'TOO_MANY_REQUESTS',
    en: 'Too many failed sign-ins from here; try again after retryAfter seconds',
    zh: '登录失败次数过多，请在 retryAfter 秒后重试',
  },
  PASSWORD_CHANGE_REQUIRED: {
    refusal: true,
    trpc: 'FORBIDDEN',
    en: 'Your password was reset: change it (auth.changePassword) before anything else',
    zh: '密码已被重置，请先修改密码（auth.changePassword）',
  },
  WEAK_PASSWORD: {
    trpc: 'BAD_REQUEST',
    en: 'The new password is too short, too common or the same as before',
    zh: '新密码过短、过于常见或与原密码相同',
  },
  ACCOUNT_DISABLED: { refusal: true, trpc: 'FORBIDDEN', en: 'This account is disabled', zh: '该账号已停用' },
  SESSION_EXPIRED: {
    refusal: true,
    trpc: 'UNAUTHORIZED',
    en: 'Signed in too long ago to renew; sign in again',
    zh: '登录时间过长，无法续期，请重新登录',
  },
  CSRF_REFUSED: {
    refusal: true,
    trpc: 'FORBIDDEN',
    en: 'Refused: a signed-in browser change must come from the console itself (same origin)',
    zh: '已拒绝：浏览器中的更改操作必须来自本节点的工作台（同源请求）',
  },
  NODE_STARTING: {
    refusal: true,
    trpc: 'SERVICE_UNAVAILABLE',
    en: 'The node is starting, try again in a few seconds',
    zh: '节点正在启动，请几秒后重试',
  },
  FORBIDDEN_ROLE: {
    refusal: true,
    trpc: 'FORBIDDEN',
    en: 'Your role may not do this',
    zh: '您的角色无权执行此操作',
  },
  NOT_FOUND: { trpc: 'NOT_FOUND', en: 'Not found', zh: '未找到' },
  ALREADY_EXISTS: { trpc: 'CONFLICT', en: 'It already exists', zh: '已存在' },
  UNKNOWN_STATION: { trpc: 'BAD_REQUEST', en: 'Unknown station', zh: '未知的派出所' },
  NOT_PARTY: {
    refusal: true,
    trpc: 'FORBIDDEN',
    en: 'Your station is not a party to this record',
    zh: '本所不是该记录的参与方',
  },
  ILLEGAL_TRANSITION: {
    trpc: 'CONFLICT',
    en: 'This step is not allowed in the record’s current state',
    zh: '当前状态下不允许此操作',
  },
  NODE_TOKEN_INVALID: {
    refusal: true,
    trpc: 'UNAUTHORIZED',
    en: 'The node token is invalid',
    zh: '节点令牌无效',
  },
  TOKEN_REPLAYED: {
    refusal: true,
    trpc: 'UNAUTHORIZED',
    en: 'This node token was already used',
    zh: '节点令牌已被使用（重放）',
  },
  BODY_MISMATCH: {
    refusal: true,
    trpc: 'UNAUTHORIZED',
    en: 'The request body does not match its token',
    zh: '请求内容与令牌不符',
  },
  UNKNOWN_PEER: {
    refusal: true,
    trpc: 'FORBIDDEN',
    en: 'This node is not a configured peer',
    zh: '未配置的对端节点',
  },
  UNKNOWN_KEY: { refusal: true, trpc: 'UNAUTHORIZED', en: 'Signed with an unknown key', zh: '签名密钥未知' },
  PEER_KEYS_UNAVAILABLE: {
    trpc: 'SERVICE_UNAVAILABLE',
    en: "The peer's public keys could not be fetched; try again later",
    zh: '暂时无法获取对端节点的公钥，请稍后重试',
  },
  BAD_SIGNATURE: { trpc: 'BAD_REQUEST', en: 'A signature does not verify', zh: '签名校验失败' },
  WRONG_RECIPIENT: {
    trpc: 'BAD_REQUEST',
    en: 'An entry is addressed to another node',
    zh: '条目的接收节点不是本节点',
  },
  WRONG_SENDER: {
    trpc: 'BAD_REQUEST',
    en: 'An entry was not authored by the calling node',
    zh: '条目作者与调用节点不符',
  },
  SEQ_GAP: {
    trpc: 'CONFLICT',
    en: 'Entries are missing before this batch',
    zh: '批次之前缺少条目（序号不连续）',
  },
  CHAIN_BROKEN: {
    trpc: 'BAD_REQUEST',
    en: 'An entry does not chain to the previous one',
    zh: '条目哈希链断裂',
  },
  DIVERGENCE: {
    trpc: 'CONFLICT',
    en: 'A different entry is already stored at this sequence number',
    zh: '同一序号已存在不同条目（链分叉）',
  },
  RECORD_CONFLICT: {
    trpc: 'CONFLICT',
    en: 'An entry contradicts a stored event or record',
    zh: '条目与已存储的事件或记录相矛盾',
  },
  BATCH_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', en: 'The batch is too large', zh: '批次过大' },
  BODY_TOO_LARGE: {
    trpc: 'PAYLOAD_TOO_LARGE',
    en: 'The request body is too large (at most 4 MB)',
    zh: '请求体过大（最多 4 MB）',
  },
  ALREADY_RUNNING: { trpc: 'CONFLICT', en: 'It is already running', zh: '正在运行中' },
  METHOD_NOT_ALLOWED: {
    trpc: 'METHOD_NOT_SUPPORTED',
    en: 'Queries are sent with GET, mutations with POST',
    zh: '请求方法不正确（允许的方法见 allow 响应头；/trpc 下查询用 GET，变更用 POST）',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    trpc: 'UNSUPPORTED_MEDIA_TYPE',
    en: 'Send the body as JSON (content-type: application/json)',
    zh: '请求内容须为 JSON（content-type: application/json）',
  },
  PG_TOOL_MISMATCH: {
    trpc: 'PRECONDITION_FAILED',
    en: "No PostgreSQL client program (pg_dump, pg_restore) of the database server's version was found",
    zh: '未找到与数据库服务器版本相符的 PostgreSQL 客户端程序（pg_dump、pg_restore）',
  },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', en: 'Internal error', zh: '内部错误' },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof errorCodes;

/** Whether `code` turns the caller away (audit outcome `refused`) rather than reporting a failure. */
export function isRefusal(code: ErrorCode): boolean {
  const spec: ErrorCodeSpec = errorCodes[code];
  return spec.refusal === true;
}
