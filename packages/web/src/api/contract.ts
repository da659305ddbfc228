/**
 * Procedures of the console contract (CONSOLE-CONTRACT.md) that this node version may not have yet:
 * the cookie sign-in, the nodes' public keys and the cross-node statistics check. Typed here from the
 * contract so the screens compile either way; once `AppRouter` has them, these casts can go.
 */
import { trpc } from './client.ts';

export interface ConsoleOfficer {
  officerId: string;
  username: string;
  station: string;
  roles: string[];
  displayName?: string;
}

export interface ConsoleSession {
  expiresAt: string;
  sessionEndsAt: string;
  officer: ConsoleOfficer;
}

export type Jwk = JsonWebKey & { kid?: string; kty?: string; crv?: string; x?: string };

export interface NodeKeys {
  nodes: { nodeId: string; keys: Jwk[] }[];
}

export interface Figures {
  disputesMediated: number;
  missingTraced: number;
  fugitivesIntercepted: number;
  casesSolved: number;
  [key: string]: unknown;
}

export interface StatsCompare {
  ours: { nodeId: string; figures: Figures; digest: string };
  partners: {
    nodeId: string;
    status: 'ok' | 'unreachable';
    figures?: Figures;
    digest?: string;
    agree?: boolean;
  }[];
}

interface Mutation<I, O> {
  mutate(input: I): Promise<O>;
}
interface Query<I, O> {
  query(input: I): Promise<O>;
}

interface ContractApi {
  auth: {
    consoleLogin: Mutation<{ username: string; password: string }, ConsoleSession>;
    consoleRefresh: Mutation<undefined, ConsoleSession>;
    consoleLogout: Mutation<undefined, { ok: true }>;
    login: Mutation<{ username: string; password: string }, ConsoleSession & { token: string }>;
  };
  keys: { jwks: Query<undefined, NodeKeys> };
  stats: { compare: Query<{ from: string; to: string }, StatsCompare> };
}

export const contractApi = trpc as unknown as ContractApi;
