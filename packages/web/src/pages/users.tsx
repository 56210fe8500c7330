import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ApiError, problemsByPath } from '../api/problem.js';
import { listOf, roles, type ManagedUser, type Role, type SessionUser } from '../api/types.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

/** Officers of this node: create, change role, disable, reset password or TOTP. */
export default function UsersPage({ currentUser }: { currentUser: SessionUser }) {
  const { t } = useI18n();
  useDocumentTitle(t('users.title'));
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['users'],
    queryFn: async () => listOf<ManagedUser>(await api<unknown>('/api/v1/users'), 'users'),
  });
  const [notice, setNotice] = useState<{ text: string; secret?: string } | undefined>();
  const refresh = () => void client.invalidateQueries({ queryKey: ['users'] });
  const patch = useMutation({
    mutationFn: ({ username, body }: { username: string; body: Record<string, unknown> }) =>
      api(`/api/v1/users/${encodeURIComponent(username)}`, { method: 'PATCH', json: body }),
    onSuccess: (_d, v) => {
      setNotice({ text: t('users.updated', { username: v.username }) });
      refresh();
    },
  });
  const resetPassword = useMutation({
    mutationFn: (username: string) =>
      api<{ temporaryPassword: string }>(
        `/api/v1/users/${encodeURIComponent(username)}/password-reset`,
        {
          method: 'POST',
        },
      ),
    onSuccess: (data, username) => {
      setNotice({ text: t('users.passwordReset', { username }), secret: data.temporaryPassword });
      refresh();
    },
  });
  const resetTotp = useMutation({
    mutationFn: (username: string) =>
      api(`/api/v1/users/${encodeURIComponent(username)}/totp`, { method: 'DELETE' }),
    onSuccess: (_d, username) => {
      setNotice({ text: t('users.totpReset', { username }) });
      refresh();
    },
  });
  const failure = patch.error ?? resetPassword.error ?? resetTotp.error;

  return (
    <section>
      <h1>{t('users.title')}</h1>
      {notice !== undefined && (
        <div className="alert alert-ok" role="status" data-testid="users-notice">
          <p>{notice.text}</p>
          {notice.secret !== undefined && (
            <p>
              {t('users.temporaryPassword')}{' '}
              <code className="secret" data-testid="temporary-password">
                {notice.secret}
              </code>
            </p>
          )}
        </div>
      )}
      {failure && <ErrorState error={failure} />}
      <CreateUser
        onCreated={(username, secret) => {
          setNotice({
            text: t('users.created', { username }),
            ...(secret === undefined ? {} : { secret }),
          });
          refresh();
        }}
      />
      <div className="card">
        <h2>{t('users.list')}</h2>
        {query.isPending && <Loading />}
        {query.error && <ErrorState error={query.error} />}
        {query.data && (
          <table className="responsive-table" data-testid="users-table">
            <caption className="visually-hidden">{t('users.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.state')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((u) => {
                const self = u.username === currentUser.username;
                return (
                  <tr key={u.username} data-username={u.username}>
                    <td data-label={t('users.username')}>
                      <code>{u.username}</code>
                    </td>
                    <td data-label={t('users.displayName')}>{u.displayName}</td>
                    <td data-label={t('users.role')}>
                      <label className="visually-hidden" htmlFor={`role-${u.username}`}>
                        {t('users.roleOf', { username: u.username })}
                      </label>
                      <select
                        id={`role-${u.username}`}
                        value={u.role}
                        disabled={self || patch.isPending}
                        onChange={(e) =>
                          patch.mutate({ username: u.username, body: { role: e.target.value } })
                        }
                      >
                        {roles.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label={t('users.state')}>
                      {u.disabled === true ? (
                        <span className="badge badge-bad">{t('users.disabled')}</span>
                      ) : (
                        <span className="badge badge-ok">{t('users.active')}</span>
                      )}{' '}
                      {u.totpEnabled ? <span className="badge">{t('users.totpOn')}</span> : null}
                    </td>
                    <td data-label={t('users.actions')}>
                      <div className="actions actions-tight">
                        <button
                          type="button"
                          className="button"
                          disabled={self}
                          onClick={() =>
                            patch.mutate({
                              username: u.username,
                              body: { disabled: u.disabled !== true },
                            })
                          }
                        >
                          {u.disabled === true ? t('users.enable') : t('users.disable')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          onClick={() => resetPassword.mutate(u.username)}
                        >
                          {t('users.resetPassword')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          disabled={!u.totpEnabled}
                          onClick={() => resetTotp.mutate(u.username)}
                        >
                          {t('users.resetTotp')}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function CreateUser({ onCreated }: { onCreated: (username: string, secret?: string) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('issuer');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<{ initialPassword?: string }>('/api/v1/users', { method: 'POST', json: body }),
    onSuccess: (data, body) => {
      onCreated(String(body['username']), data.initialPassword);
      setUsername('');
      setDisplayName('');
      setPassword('');
    },
  });
  const byPath =
    create.error instanceof ApiError && create.error.problem.problems
      ? problemsByPath(create.error.problem.problems)
      : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      username: username.trim(),
      displayName: displayName.trim(),
      role,
      ...(password === '' ? {} : { password }),
    });
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="create-user">
      <h2>{t('users.create')}</h2>
      {create.error && byPath === undefined && <ErrorState error={create.error} />}
      <div className="row">
        <Field
          path="/username"
          label={t('users.username')}
          problems={byPath?.get('/username')}
          required
        >
          {(a) => (
            <input
              {...a}
              required
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field
          path="/displayName"
          label={t('users.displayName')}
          problems={byPath?.get('/displayName')}
          required
        >
          {(a) => (
            <input
              {...a}
              required
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="row">
        <Field path="/role" label={t('users.role')} problems={byPath?.get('/role')} required>
          {(a) => (
            <select {...a} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          path="/password"
          label={t('users.initialPassword')}
          hint={t('users.initialPasswordHint')}
          problems={byPath?.get('/password')}
        >
          {(a) => (
            <input
              {...a}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('users.createSubmit')}
        </button>
      </div>
    </form>
  );
}
