/**
 * The signed-in officer. The session itself is the node's httpOnly cookie: the console knows only who
 * is signed in (`auth.me`) and when to renew (`auth.consoleRefresh`, within the sign-in's hours).
 */
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import { trpc } from '../api/client.ts';
import type { ConsoleSession } from '../api/contract.ts';
import { appCodeOf } from '../api/errors.ts';
import { api, SIGNED_OUT_CODES, whenSignedOut } from './query.ts';

export interface Officer {
  officerId: string;
  username: string;
  station: string;
  roles: string[];
  node: string;
}

interface SessionValue {
  officer: Officer | null;
  loading: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);
const ME = api('auth.me', undefined, async (): Promise<Officer> => {
  const me = await trpc.auth.me.query();
  return {
    officerId: me.officerId ?? '',
    username: me.username ?? '',
    station: me.station ?? '',
    roles: me.roles ?? [],
    node: me.node,
  };
});

/** Forgets every cached answer but who is signed in (observed by the whole console). */
function dropOthers(client: QueryClient) {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME.queryKey[0] });
}

/** Renew at half the remaining life, at least every 5 s and at most every 10 min. */
function renewDelay(expiresAt: string): number {
  return Math.min(600_000, Math.max(5_000, (Date.parse(expiresAt) - Date.now()) / 2));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    ...ME,
    retry: (count, err) => count < 2 && appCodeOf(err) === null,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const expiresAt = useRef<string | null>(null);

  const forget = useCallback(() => {
    expiresAt.current = null;
    dropOthers(client);
    client.setQueryData(ME.queryKey, null);
  }, [client]);

  useEffect(() => whenSignedOut(forget), [forget]);

  const officer = me.data ?? null;
  // Keep the cookie fresh while the officer works; a refusal means the sign-in's hours are over.
  useEffect(() => {
    if (!officer) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = (delay: number) => {
      timer = setTimeout(async () => {
        try {
          const session: ConsoleSession = await trpc.auth.consoleRefresh.mutate();
          expiresAt.current = session.expiresAt;
          schedule(renewDelay(session.expiresAt));
        } catch (err) {
          const code = appCodeOf(err);
          if (code && SIGNED_OUT_CODES.has(code)) forget();
          else if (code !== 'NOT_FOUND') schedule(30_000);
        }
      }, delay);
    };
    schedule(expiresAt.current ? renewDelay(expiresAt.current) : 60_000);
    return () => clearTimeout(timer);
  }, [officer, forget]);

  const value = useMemo<SessionValue>(
    () => ({
      officer,
      loading: me.isPending,
      signIn: async (username, password) => {
        const session = await trpc.auth.consoleLogin.mutate({ username, password });
        expiresAt.current = session.expiresAt;
        dropOthers(client);
        await client.refetchQueries({ queryKey: ME.queryKey });
      },
      signOut: async () => {
        try {
          await trpc.auth.consoleLogout.mutate();
        } finally {
          forget();
        }
      },
    }),
    [officer, me.isPending, client, forget],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in officer, in screens that render only when someone is signed in. */
export function useOfficer(): Officer {
  const { officer } = useSession();
  if (!officer) throw new Error('no officer signed in');
  return officer;
}
