import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Route, Switch, useLocation } from 'wouter';
import { setUnauthorizedHandler } from './api/client.js';
import { ErrorState, Loading } from './components/error-state.js';
import { Layout, PublicLayout } from './components/layout.js';
import { useI18n } from './i18n/i18n.js';
import { permissions, useSession } from './lib/session.js';
import { SignInPage } from './pages/sign-in.js';
import type { Role } from './api/types.js';

// Every page but sign-in is its own chunk: the first load carries only React, the router, the
// query client, the catalogues and this shell (scripts/check-bundle-size.mjs keeps it small).
const DashboardPage = lazy(() => import('./pages/dashboard.js'));
const IssuePage = lazy(() => import('./pages/issue.js'));
const CertificateListPage = lazy(() => import('./pages/certificate-list.js'));
const PaperPage = lazy(() => import('./pages/paper.js'));
const CertificateDetailPage = lazy(() => import('./pages/certificate-detail.js'));
const StatisticsPage = lazy(() => import('./pages/statistics.js'));
const TrustListPage = lazy(() => import('./pages/trust-list.js'));
const UsersPage = lazy(() => import('./pages/users.js'));
const AccountPage = lazy(() => import('./pages/account.js'));
const VerifyPage = lazy(() => import('./pages/verify.js'));
const ApplicationsPage = lazy(() => import('./pages/applications.js'));
const ApplicationNewPage = lazy(() => import('./pages/applications-new.js'));
const ApplicationDetailPage = lazy(() => import('./pages/applications-detail.js'));
const CompaniesPage = lazy(() => import('./pages/companies.js'));

export function App() {
  return (
    <Switch>
      <Route path="/verify">
        <PublicLayout>
          <Suspense fallback={<Loading />}>
            <VerifyPage />
          </Suspense>
        </PublicLayout>
      </Route>
      <Route>
        <Console />
      </Route>
    </Switch>
  );
}

function Forbidden() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('error.forbiddenTitle')}</h1>
      <p>{t('error.forbidden')}</p>
    </section>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('error.notFoundTitle')}</h1>
      <p>{t('error.notFound')}</p>
    </section>
  );
}

function Console() {
  const session = useSession();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  useEffect(() => {
    setUnauthorizedHandler(() => client.setQueryData(['session'], null));
    return () => setUnauthorizedHandler(undefined);
  }, [client]);

  if (session.loading) {
    return (
      <PublicLayout>
        <Loading />
      </PublicLayout>
    );
  }
  if (session.user === null) {
    return (
      <PublicLayout>
        {session.error !== null && <ErrorState error={session.error} />}
        <SignInPage onSignIn={session.signIn} />
      </PublicLayout>
    );
  }
  const user = session.user;
  const only = (allowed: (role: Role) => boolean, page: ReactNode) =>
    allowed(user.role) ? page : <Forbidden />;
  return (
    <Layout
      user={user}
      onSignOut={() => {
        void session.signOut().finally(() => navigate('/'));
      }}
    >
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">
            {/* A trader's home is its applications: the dashboard is the officers'. */}
            {user.role === 'trader' ? (
              <ApplicationsPage user={user} />
            ) : (
              <DashboardPage user={user} />
            )}
          </Route>
          <Route path="/applications">
            {only(permissions.readApplications, <ApplicationsPage user={user} />)}
          </Route>
          <Route path="/applications/new">{only(permissions.apply, <ApplicationNewPage />)}</Route>
          <Route path="/applications/:id">
            {(params) =>
              only(
                permissions.readApplications,
                <ApplicationDetailPage id={params.id} user={user} />,
              )
            }
          </Route>
          <Route path="/companies">{only(permissions.manageCompanies, <CompaniesPage />)}</Route>
          <Route path="/issue">{only(permissions.issue, <IssuePage />)}</Route>
          <Route path="/outgoing">
            {only(permissions.officer, <CertificateListPage direction="outgoing" />)}
          </Route>
          <Route path="/incoming">
            {only(permissions.officer, <CertificateListPage direction="incoming" />)}
          </Route>
          <Route path="/paper">{only(permissions.recordPaper, <PaperPage />)}</Route>
          <Route path="/certificates/:number">
            {(params) => <CertificateDetailPage number={params.number} user={user} />}
          </Route>
          <Route path="/statistics">{only(permissions.statistics, <StatisticsPage />)}</Route>
          <Route path="/trust-list">
            <TrustListPage />
          </Route>
          <Route path="/users">
            {only(permissions.manageUsers, <UsersPage currentUser={user} />)}
          </Route>
          <Route path="/account">
            <AccountPage user={user} />
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </Layout>
  );
}
