import { type FormEvent, useState } from 'react';
import { LanguageSwitch } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { useErrorView } from '../../app/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * Sign-in. The node answers wrong passwords, throttled or locked accounts and a node still starting
 * with typed errors; each is shown in the officer's language as the node words it.
 */
export function SignInScreen() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const view = useErrorView();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const v = error ? view(error) : null;
  const message =
    v?.appCode === 'NODE_STARTING'
      ? v.retryAfter
        ? t('signin.startingRetry', { n: v.retryAfter })
        : t('signin.starting')
      : v?.message;

  return (
    <main className="signin-page">
      <div className="signin-card">
        <div className="signin-head">
          <span className="brand-mark" aria-hidden="true">
            盟
          </span>
          <div>
            <p className="muted small">{t('app.brand')}</p>
            <h1>{t('app.title')}</h1>
          </div>
          <LanguageSwitch />
        </div>
        <form onSubmit={submit} noValidate>
          <h2>{t('signin.title')}</h2>
          {message ? (
            <div className="error-box" role="alert" data-testid="signin-error" data-code={v?.appCode ?? ''}>
              {message}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="username">{t('signin.username')}</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">{t('signin.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={busy || !username || !password}>
            {busy ? t('signin.busy') : t('signin.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
