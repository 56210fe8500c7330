import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ApiError, problemsByPath } from '../api/problem.js';
import { useI18n } from '../i18n/i18n.js';
import { Dialog } from './dialog.js';
import { ErrorState } from './error-state.js';
import { Field } from './field.js';

/** Rejection at import or cancellation by the issuer: a reason, then the signed notice. */
export function ReasonDialog({
  open,
  onClose,
  number,
  kind,
}: {
  open: boolean;
  onClose: () => void;
  number: string;
  kind: 'rejection' | 'cancellation';
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const action = useMutation({
    mutationFn: (body: { reason: string }) =>
      api(`/api/v1/certificates/${encodeURIComponent(number)}/${kind}`, {
        method: 'POST',
        json: body,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['certificate', number] });
      void client.invalidateQueries({ queryKey: ['certificates'] });
      void client.invalidateQueries({ queryKey: ['dashboard'] });
      onClose();
    },
  });
  const serverProblems =
    action.error instanceof ApiError && action.error.problem.problems
      ? problemsByPath(action.error.problem.problems).get('/reason')
      : undefined;
  const live =
    tried && reason.trim() === ''
      ? [{ code: 'KPX_FIELD_REQUIRED', path: '/reason', message: t('reason.required') }]
      : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (reason.trim() !== '') action.mutate({ reason: reason.trim() });
  };
  const title =
    kind === 'rejection' ? t('reject.title', { number }) : t('cancel.title', { number });
  return (
    <Dialog open={open} onClose={onClose} title={title} testId={`${kind}-dialog`}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">{kind === 'rejection' ? t('reject.intro') : t('cancel.intro')}</p>
        {action.error && serverProblems === undefined && <ErrorState error={action.error} />}
        <Field path="/reason" label={t('field.reason')} problems={serverProblems ?? live} required>
          {(a) => (
            <textarea
              {...a}
              rows={3}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.back')}
          </button>
          <button
            type="submit"
            className="button-danger"
            disabled={action.isPending}
            data-testid={`${kind}-submit`}
          >
            {kind === 'rejection' ? t('reject.submit') : t('cancel.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
