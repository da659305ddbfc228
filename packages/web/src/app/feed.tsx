/**
 * The live feed (`feed.live` over SSE) for the whole console: each message (the changes one read at
 * the node found) refreshes the cached lists and records it concerns, and new urgent inbound requests
 * sound once and badge the tab title. After a dropped connection it resumes from the last event id
 * it saw, so no change is missed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { trpc } from '../api/client.ts';
import { appCodeOf } from '../api/errors.ts';
import { playUrgentTone } from './alert.ts';
import { SIGNED_OUT_CODES } from './query.ts';

export type FeedState = 'off' | 'connecting' | 'live' | 'reconnecting';

interface FeedValue {
  state: FeedState;
  /** New urgent inbound requests since the officer last touched the console. */
  unseenUrgent: number;
  /** Ids of requests that arrived while this page was open, for highlighting. */
  fresh: ReadonlySet<string>;
}

const FeedContext = createContext<FeedValue>({ state: 'off', unseenUrgent: 0, fresh: new Set() });

const LIST_KEYS: Record<string, string> = {
  assistance: 'assistance.list',
  notice: 'notice.list',
  mediation: 'mediation.list',
};

export function FeedProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const client = useQueryClient();
  const [state, setState] = useState<FeedState>('off');
  const [unseenUrgent, setUnseen] = useState(0);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const lastEventId = useRef<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let sub: { unsubscribe: () => void } | undefined;
    let everLive = false;
    let failures = 0;

    const restart = (err?: unknown) => {
      sub?.unsubscribe();
      if (stopped) return;
      const code = appCodeOf(err);
      const signedOut = code !== null && SIGNED_OUT_CODES.has(code);
      // Signed out (session over, account disabled): ask who we are again, which leads to sign-in.
      if (signedOut) void client.invalidateQueries({ queryKey: ['auth.me'] });
      setState('reconnecting');
      clearTimeout(retry);
      failures += 1;
      retry = setTimeout(start, signedOut ? 30_000 : Math.min(10_000, 500 * 2 ** Math.min(failures, 5)));
    };

    function start() {
      if (stopped) return;
      setState(everLive ? 'reconnecting' : 'connecting');
      sub = trpc.feed.live.subscribe(
        { lastEventId: lastEventId.current },
        {
          onStarted: () => {
            everLive = true;
            failures = 0;
            setState('live');
          },
          onConnectionStateChange: (s) => {
            if (s.state === 'pending') setState('live');
            else if (s.state === 'connecting' && everLive) setState('reconnecting');
          },
          onData: (message) => {
            lastEventId.current = message.id;
            const { changes } = message.data;
            for (const type of new Set(changes.map((c) => c.recordType))) {
              const list = LIST_KEYS[type];
              if (list) void client.invalidateQueries({ queryKey: [list] });
            }
            void client.invalidateQueries({ queryKey: ['stats.summary'] });
            for (const item of changes)
              void client.invalidateQueries({ queryKey: [`${item.recordType}.get`, { id: item.recordId }] });
            const filed = changes.filter((c) => c.status === 'filed').map((c) => c.recordId);
            if (filed.length > 0) setFresh((prev) => new Set([...prev, ...filed]));
            const urgentNew = changes.filter(
              (c) =>
                c.recordType === 'assistance' &&
                c.direction === 'inbound' &&
                c.status === 'filed' &&
                c.headline.priority === 'urgent',
            ).length;
            if (urgentNew > 0) {
              playUrgentTone();
              setUnseen((n) => n + urgentNew);
            }
          },
          // A refusal or a stream that ended: connect again from the last id seen.
          onError: restart,
          onStopped: () => restart(),
        },
      );
    }
    start();
    return () => {
      stopped = true;
      clearTimeout(retry);
      sub?.unsubscribe();
      setState('off');
    };
  }, [enabled, client]);

  // The badge stays until the officer is back at the console: a click, a key or the tab's focus.
  useEffect(() => {
    const seen = () => setUnseen(0);
    const events = ['pointerdown', 'keydown', 'focus'] as const;
    for (const e of events) window.addEventListener(e, seen);
    return () => {
      for (const e of events) window.removeEventListener(e, seen);
    };
  }, []);

  return <FeedContext.Provider value={{ state, unseenUrgent, fresh }}>{children}</FeedContext.Provider>;
}

export function useFeed(): FeedValue {
  return useContext(FeedContext);
}
