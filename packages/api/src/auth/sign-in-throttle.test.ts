import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { callerFor, type SignInAnswer, signInFrom, startTestNode, type TestNode } from '../testing/index.ts';
import { SIGN_IN_POLICY } from './sign-in-policy.ts';

const password = 'tiemeng-demo';

/** Sends `count` sign-ins, `atOnce` at a time, and returns their answers in the order sent. */
async function flood(send: () => Promise<SignInAnswer>, count: number, atOnce = 25): Promise<SignInAnswer[]> {
  const answers: SignInAnswer[] = [];
  for (let sent = 0; sent < count; sent += atOnce) {
    answers.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, count - sent) }, send))));
  }
  return answers;
}

const codes = (answers: SignInAnswer[]) => answers.map((a) => [a.appCode, a.retryAfter]);

describe('sign-in is throttled, and nobody can lock the duty desk out', () => {
  // The node clock is held still, so the growing delays are seen exactly.
  const clock = new ManualClock('2026-03-01T02:00:00Z');
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'fj', clock });
  });
  afterAll(() => node.destroy());

  const admin = async () =>
    callerFor(
      node.services,
      (await callerFor(node.services).auth.login({ username: 'fj.admin', password })).officer,
    );
  const newDutyOfficer = async (username: string) =>
    (await admin()).admin.officers.create({
      username,
      displayName: username,
      stationId: 'fj-xixi',
      roles: ['duty'],
      password: 'the-right-one',
    });

  it('1,000 wrong passwords for fj.duty from one address: refused after the budget, the owner signs in from another', async () => {
    const answers = await flood(() => signInFrom(node.url, '127.0.0.2', 'fj.duty', 'a wrong guess'), 1000);
    const wrong = answers.filter((a) => a.appCode === 'BAD_CREDENTIALS');
    const held = answers.filter((a) => a.appCode === 'TOO_MANY_ATTEMPTS');
    expect(wrong).toHaveLength(SIGN_IN_POLICY.pair.free);
    expect(held).toHaveLength(1000 - SIGN_IN_POLICY.pair.free);
    expect(held.every((a) => a.status === 429 && a.retryAfter === 1 && a.retryAfterHeader === '1')).toBe(
      true,
    );

    const owner = await signInFrom(node.url, '127.0.0.1', 'fj.duty', password);
    expect(owner.appCode).toBe('ok');

    // Every refusal is audited, under the account tried.
    const audited = await node.services.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('procedure', '=', 'auth.login')
      .where('actor_id', '=', 'fj.duty')
      .where('error_code', '=', 'TOO_MANY_ATTEMPTS')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(held.length);
  });

  it('the delay grows with each further failure and a wait lets one more guess through', async () => {
    await newDutyOfficer('fj.slow');
    const guess = () => signInFrom(node.url, '127.0.0.3', 'fj.slow', 'wrong');
    for (let i = 0; i < SIGN_IN_POLICY.pair.free; i++)
      expect((await guess()).appCode).toBe('BAD_CREDENTIALS');
    expect(codes([await guess()])).toEqual([['TOO_MANY_ATTEMPTS', 1]]);
    clock.advance(1_000);
    expect(codes([await guess(), await guess()])).toEqual([
      ['BAD_CREDENTIALS', undefined],
      ['TOO_MANY_ATTEMPTS', 2],
    ]);
    clock.advance(2_000);
    expect(codes([await guess(), await guess()])).toEqual([
      ['BAD_CREDENTIALS', undefined],
      ['TOO_MANY_ATTEMPTS', 4],
    ]);
    // The right password from the same address waits too: the address, not the account, is held.
    expect((await signInFrom(node.url, '127.0.0.3', 'fj.slow', 'the-right-one')).appCode).toBe(
      'TOO_MANY_ATTEMPTS',
    );
    expect((await signInFrom(node.url, '127.0.0.1', 'fj.slow', 'the-right-one')).appCode).toBe('ok');
  });

  it('an unknown username is answered exactly as a real one', async () => {
    await newDutyOfficer('fj.probed');
    const answers = async (username: string, from: string) =>
      codes(await flood(() => signInFrom(node.url, from, username, 'wrong'), 8, 1));
    const real = await answers('fj.probed', '127.0.0.4');
    expect(real).toEqual([
      ...Array(SIGN_IN_POLICY.pair.free).fill(['BAD_CREDENTIALS', undefined]),
      ...Array(8 - SIGN_IN_POLICY.pair.free).fill(['TOO_MANY_ATTEMPTS', 1]),
    ]);
    expect(await answers('fj.no-such-officer', '127.0.0.4')).toEqual(real);
  });

  it('guesses spread over many addresses spend the account budget; the owner still signs in where they did before, and unlock clears it', async () => {
    await newDutyOfficer('fj.target');
    expect((await signInFrom(node.url, '127.0.0.1', 'fj.target', 'the-right-one')).appCode).toBe('ok');
    const addresses = SIGN_IN_POLICY.account.budget / SIGN_IN_POLICY.pair.free;
    for (let i = 1; i <= addresses; i++) {
      const answers = await flood(() => signInFrom(node.url, `127.0.1.${i}`, 'fj.target', 'wrong'), 5, 5);
      expect(answers.every((a) => a.appCode === 'BAD_CREDENTIALS')).toBe(true);
    }
    // The budget is spent: a new address is held for the rest of the hour, even with the right password…
    const fresh = await signInFrom(node.url, '127.0.2.1', 'fj.target', 'the-right-one');
    expect(fresh.appCode).toBe('TOO_MANY_ATTEMPTS');
    expect(fresh.retryAfter).toBe(SIGN_IN_POLICY.account.windowSeconds);
    // …but the owner's own address is not.
    expect((await signInFrom(node.url, '127.0.0.1', 'fj.target', 'the-right-one')).appCode).toBe('ok');

    const unlocked = await (await admin()).admin.officers.unlock({ username: 'fj.target' });
    expect(unlocked.cleared).toBeGreaterThan(0);
    expect((await signInFrom(node.url, '127.0.2.1', 'fj.target', 'the-right-one')).appCode).toBe('ok');
    // Per-address failures are a different account's matter: unlocking does not forget them.
  });
});

describe('the budget holds across two API processes of one node', () => {
  const clock = new ManualClock('2026-03-01T02:00:00Z');
  let a: TestNode;
  let b: TestNode;
  beforeAll(async () => {
    a = await startTestNode({ serverUrl: inject('testServerUrl'), side: 'zj', clock });
    b = await startTestNode({ serverUrl: '', side: 'zj', clock, connectionString: a.connectionString });
  });
  afterAll(async () => {
    await b.stop();
    await a.destroy();
  });

  it('guesses alternating between the processes get no more tries than guesses to one, for real and unknown names', async () => {
    for (const username of ['zj.duty', 'zj.nobody']) {
      const answers: SignInAnswer[] = [];
      for (let i = 0; i < 10; i++)
        answers.push(await signInFrom((i % 2 ? b : a).url, '127.0.0.5', username, 'wrong'));
      expect(codes(answers)).toEqual([
        ...Array(SIGN_IN_POLICY.pair.free).fill(['BAD_CREDENTIALS', undefined]),
        ...Array(10 - SIGN_IN_POLICY.pair.free).fill(['TOO_MANY_ATTEMPTS', 1]),
      ]);
    }
  });

  it('guesses sent at once to both processes are checked one at a time', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signInFrom((i % 2 ? b : a).url, '127.0.0.6', 'zj.command', `wrong-${i}`),
      ),
    );
    expect(answers.filter((x) => x.appCode === 'BAD_CREDENTIALS')).toHaveLength(SIGN_IN_POLICY.pair.free);
    expect(answers.filter((x) => x.appCode === 'TOO_MANY_ATTEMPTS')).toHaveLength(
      20 - SIGN_IN_POLICY.pair.free,
    );
  });
});
