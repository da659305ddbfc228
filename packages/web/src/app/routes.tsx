/** The console's routes (CONSOLE-CONTRACT.md): each page checked against the officer's roles. */
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { useI18n } from '../i18n/i18n.tsx';
import { DeskScreen } from '../routes/desk/desk-screen.tsx';
import { RequestScreen } from '../routes/request/request-screen.tsx';
import { SignInScreen } from '../routes/signin/signin-screen.tsx';
import { afterSignIn, homePath, mayUse, type Page } from './access.ts';
import { titleWithBadge } from './alert.ts';
import { FeedProvider, useFeed } from './feed.tsx';
import { Layout } from './layout.tsx';
import { useSession } from './session.tsx';
import { Loading, NotAllowed } from './ui.tsx';

// Screens beyond the duty desk load when first opened; the dashboard brings the charts with it.
const NewRequestScreen = lazy(() => import('../routes/new-request/new-request-screen.tsx'));
const NoticesScreen = lazy(() => import('../routes/notices/notices-screen.tsx'));
const NewNoticeScreen = lazy(() => import('../routes/notices/new-notice-screen.tsx'));
const NoticeScreen = lazy(() => import('../routes/notices/notice-screen.tsx'));
const MediationsScreen = lazy(() => import('../routes/mediations/mediations-screen.tsx'));
const NewMediationScreen = lazy(() => import('../routes/mediations/new-mediation-screen.tsx'));
const MediationScreen = lazy(() => import('../routes/mediations/mediation-screen.tsx'));
const DashboardScreen = lazy(() => import('../routes/dashboard/dashboard-screen.tsx'));
const AuditScreen = lazy(() => import('../routes/audit/audit-screen.tsx'));
const LinksScreen = lazy(() => import('../routes/links/links-screen.tsx'));
const AdminScreen = lazy(() => import('../routes/admin/admin-screen.tsx'));

function Guard({ page, children }: { page: Page; children: ReactNode }) {
  const { officer } = useSession();
  if (!officer || !mayUse(page, officer.roles)) return <NotAllowed />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function TitleBadge() {
  const { unseenUrgent } = useFeed();
  const { t } = useI18n();
  useEffect(() => {
    document.title = titleWithBadge(`${t('app.title')} · ${t('app.brand')}`, unseenUrgent);
  }, [unseenUrgent, t]);
  return null;
}

export function AppRoutes() {
  const { officer, loading } = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (loading) return <Loading />;
  if (!officer) {
    if (location === '/') return <Redirect to="/signin" replace />;
    const asked = search ? `${location}?${search}` : location;
    if (location !== '/signin') return <Redirect to={`/signin?next=${encodeURIComponent(asked)}`} replace />;
    return <SignInScreen />;
  }
  const feedAllowed = mayUse('desk', officer.roles);
  return (
    <FeedProvider enabled={feedAllowed}>
      <TitleBadge />
      <Layout>
        <Switch>
          <Route path="/">
            <Redirect to={homePath(officer.roles)} replace />
          </Route>
          <Route path="/signin">
            <Redirect to={afterSignIn(search) ?? homePath(officer.roles)} replace />
          </Route>
          <Route path="/desk">
            <Guard page="desk">
              <DeskScreen />
            </Guard>
          </Route>
          <Route path="/requests/new">
            <Guard page="newRequest">
              <NewRequestScreen />
            </Guard>
          </Route>
          <Route path="/requests/:id">
            {(params) => (
              <Guard page="request">
                <RequestScreen id={params.id} />
              </Guard>
            )}
          </Route>
          <Route path="/notices">
            <Guard page="notices">
              <NoticesScreen />
            </Guard>
          </Route>
          <Route path="/notices/new">
            <Guard page="newNotice">
              <NewNoticeScreen />
            </Guard>
          </Route>
          <Route path="/notices/:id">
            {(params) => (
              <Guard page="notices">
                <NoticeScreen id={params.id} />
              </Guard>
            )}
          </Route>
          <Route path="/mediations">
            <Guard page="mediations">
              <MediationsScreen />
            </Guard>
          </Route>
          <Route path="/mediations/new">
            <Guard page="newMediation">
              <NewMediationScreen />
            </Guard>
          </Route>
          <Route path="/mediations/:id">
            {(params) => (
              <Guard page="mediations">
                <MediationScreen id={params.id} />
              </Guard>
            )}
          </Route>
          <Route path="/dashboard">
            <Guard page="dashboard">
              <DashboardScreen />
            </Guard>
          </Route>
          <Route path="/audit">
            <Guard page="audit">
              <AuditScreen />
            </Guard>
          </Route>
          <Route path="/links">
            <Guard page="links">
              <LinksScreen />
            </Guard>
          </Route>
          <Route path="/admin">
            <Guard page="admin">
              <AdminScreen />
            </Guard>
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Layout>
    </FeedProvider>
  );
}

function NotFound() {
  const { t } = useI18n();
  return <p className="panel">{t('app.notFound')}</p>;
}
