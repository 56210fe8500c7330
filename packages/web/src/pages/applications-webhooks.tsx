import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import { ErrorState } from '../components/error-state.js';
import { Field } from '../components/field.js';
import { useI18n } from '../i18n/i18n.js';

type Webhook = { id: string; url: string; createdAt: string };
type Delivery = {
  id: string;
  eventType: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastError: string | null;
};

/** One webhook: its URL, how its latest deliveries went, and a delete button. */
function WebhookRow({ hook, onDelete }: { hook: Webhook; onDelete: () => void }) {
  const { t } = useI18n();
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries', hook.id],
    queryFn: () =>
      api<{ items: Delivery[] }>(`/api/v1/webhooks/${encodeURIComponent(hook.id)}/deliveries`),
  });
  const items = deliveries.data?.items ?? [];
  const count = (state: Delivery['state']) => items.filter((d) => d.state === state).length;
  const failing = items.find((d) => d.state !== 'delivered' && d.lastError !== null);
  return (
    <li data-testid="webhook-row">
      <code>{hook.url}</code>{' '}
      <span className="muted">
        {t('webhook.counts', {
          delivered: count('delivered'),
          pending: count('pending'),
          dead: count('dead'),
        })}
        {failing !== undefined && ` · ${failing.eventType}: ${failing.lastError ?? ''}`}
      </span>{' '}
      <button type="button" className="button-plain" onClick={onDelete}>
        {t('webhook.delete')}
      </button>
    </li>
  );
}

/**
 * A trader's webhooks: each change of its applications and certificates POSTed as signed JSON
 * (docs/applications.md). The secret appears once, when the webhook is added.
 */
export function WebhooksCard() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | undefined>();
  const hooks = useQuery({
    queryKey: ['webhooks'],
    queryFn: () => api<{ items: Webhook[] }>('/api/v1/webhooks'),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['webhooks'] });
  const add = useMutation({
    mutationFn: () =>
      api<Webhook & { secret: string }>('/api/v1/webhooks', { method: 'POST', json: { url } }),
    onSuccess: (created) => {
      setSecret(created.secret);
      setUrl('');
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      api(`/api/v1/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const refused =
    add.error instanceof ApiError
      ? add.error.problem.problems?.filter((p) => p.path === '/url')
      : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSecret(undefined);
    add.mutate();
  };
  return (
    <section className="card" aria-labelledby="webhooks-title" data-testid="webhooks">
      <h2 id="webhooks-title">{t('webhook.title')}</h2>
      <p className="muted">{t('webhook.intro')}</p>
      {hooks.error && <ErrorState error={hooks.error} />}
      <ul>
        {hooks.data?.items.map((hook) => (
          <WebhookRow key={hook.id} hook={hook} onDelete={() => remove.mutate(hook.id)} />
        ))}
      </ul>
      {secret !== undefined && (
        <p className="alert" role="status">
          {t('webhook.secret')} <code data-testid="webhook-secret">{secret}</code>
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate>
        {add.error !== null && refused === undefined && <ErrorState error={add.error} />}
        <Field path="/url" label={t('webhook.url')} problems={refused} required>
          {(a) => (
            <input
              {...a}
              type="url"
              name="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://"
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={add.isPending || url === ''}>
            {t('webhook.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
