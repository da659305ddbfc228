import type { Command } from 'commander';
import { createTiemengClient, type TiemengClient } from '../tiemeng-client.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { type Lang, langFrom } from './labels.ts';
import { normaliseUrl, readStore, type Session, sessionOf, writeStore } from './session-store.ts';

export interface GlobalOptions {
  node?: string;
  json?: boolean;
  lang?: string;
}

export interface CliContext {
  nodeUrl: string;
  client: TiemengClient;
  /** The session's token, renewed first once past half its life; a long-running command calls it to stay signed in. */
  token: () => Promise<string>;
  json: boolean;
  lang: Lang;
}

/** The signed-in client for the chosen node (`--node`, `TIEMENG_NODE`, or the last signed in to). */
export async function cliContext(command: Command): Promise<CliContext> {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const store = await readStore();
  const chosen = opts.node ?? process.env.TIEMENG_NODE ?? store.current;
  if (!chosen)
    throw new CliError(
      {
        en: 'Not signed in: run `tiemeng login --node URL --user NAME`',
        zh: '尚未登录：请运行 `tiemeng login --node URL --user NAME`',
      },
      EXIT.unauthenticated,
    );
  const nodeUrl = normaliseUrl(chosen);
  const session = store.sessions[nodeUrl];
  if (!session)
    throw new CliError(
      {
        en: `Not signed in to ${nodeUrl}: run \`tiemeng login\``,
        zh: `尚未登录 ${nodeUrl}：请运行 \`tiemeng login\``,
      },
      EXIT.unauthenticated,
    );
  if (Date.parse(session.expiresAt) <= Date.now())
    throw new CliError(
      {
        en: `The session for ${nodeUrl} has expired: run \`tiemeng login\` again`,
        zh: `${nodeUrl} 的登录已过期：请重新运行 \`tiemeng login\``,
      },
      EXIT.unauthenticated,
    );
  const token = renewingToken(nodeUrl, session);
  return { nodeUrl, client: createTiemengClient({ url: nodeUrl, token }), token, ...outputOptions(command) };
}

/**
 * The session's token, renewed with `auth.refresh` once past `renewAfter` (and kept in the store), so
 * an officer who keeps working stays signed in until the node's session limit. A renewal that fails
 * (the node unreachable, the sign-in too old) leaves the token as it is: the call then answers for it.
 */
function renewingToken(nodeUrl: string, session: Session): () => Promise<string> {
  let current = session;
  let renewing: Promise<void> | undefined;
  const renew = async () => {
    const answer = await createTiemengClient({ url: nodeUrl, token: current.token }).auth.refresh.mutate();
    current = sessionOf(current.username, answer);
    const store = await readStore();
    store.sessions[nodeUrl] = current;
    await writeStore(store);
  };
  return async () => {
    const now = Date.now();
    // A session stored before renewals were kept has no renewAfter: it is due.
    const due = !current.renewAfter || Date.parse(current.renewAfter) <= now;
    if (due && Date.parse(current.expiresAt) > now) {
      renewing ??= renew()
        .catch(() => {})
        .finally(() => {
          renewing = undefined;
        });
      await renewing;
    }
    return current.token;
  };
}

export function outputOptions(command: Command): { json: boolean; lang: Lang } {
  const opts = command.optsWithGlobals<GlobalOptions>();
  return { json: Boolean(opts.json), lang: langFrom(opts.lang) };
}
