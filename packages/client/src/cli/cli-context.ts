import type { Command } from 'commander';
import { createTiemengClient, type TiemengClient } from '../tiemeng-client.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { type Lang, langFrom } from './labels.ts';
import { normaliseUrl, readStore } from './session-store.ts';

export interface GlobalOptions {
  node?: string;
  json?: boolean;
  lang?: string;
}

export interface CliContext {
  nodeUrl: string;
  client: TiemengClient;
  json: boolean;
  lang: Lang;
}

/** The signed-in client for the chosen node (`--node`, `TIEMENG_NODE`, or the last signed in to). */
export async function cliContext(command: Command): Promise<CliContext> {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const store = await readStore();
  const chosen = opts.node ?? process.env.TIEMENG_NODE ?? store.current;
  if (!chosen)
    throw new CliError('Not signed in: run `tiemeng login --node URL --user NAME`', EXIT.unauthenticated);
  const nodeUrl = normaliseUrl(chosen);
  const session = store.sessions[nodeUrl];
  if (!session)
    throw new CliError(`Not signed in to ${nodeUrl}: run \`tiemeng login\``, EXIT.unauthenticated);
  if (Date.parse(session.expiresAt) <= Date.now())
    throw new CliError(
      `The session for ${nodeUrl} has expired: run \`tiemeng login\` again`,
      EXIT.unauthenticated,
    );
  return {
    nodeUrl,
    client: createTiemengClient({ url: nodeUrl, token: session.token }),
    ...outputOptions(command),
  };
}

export function outputOptions(command: Command): { json: boolean; lang: Lang } {
  const opts = command.optsWithGlobals<GlobalOptions>();
  return { json: Boolean(opts.json), lang: langFrom(opts.lang) };
}
