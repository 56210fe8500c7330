import { defaultDirectory, validatePaperCertificate, type Directory } from '@kpx/domain';
import { directoryFromTrustList, type TrustList } from '@kpx/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import {
  CertificateFields,
  emptyForm,
  paperOf,
  type CertificateForm,
} from '../components/certificate-fields.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { ProblemSummary } from '../components/problem-summary.js';
import { todayUtc } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { useFormProblems } from '../lib/form-problems.js';
import { useNodeInfo, useTrustList } from '../lib/session.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

type Recorded = { number: string; status: 'delivered'; delivery: 'paper' };

/** Records an incoming paper certificate from a partner without a node (marked as paper). */
export default function PaperPage() {
  const { t } = useI18n();
  useDocumentTitle(t('paper.title'));
  const node = useNodeInfo();
  const trust = useTrustList();
  const client = useQueryClient();
  const directory: Directory = useMemo(
    () =>
      trust.data
        ? directoryFromTrustList(trust.data.trustList as unknown as TrustList)
        : defaultDirectory,
    [trust.data],
  );
  const ownParticipant =
    node.data === undefined ? undefined : directory.authority(node.data.authority)?.participant;
  const [form, setForm] = useState<CertificateForm>(emptyForm);
  useEffect(() => {
    if (ownParticipant !== undefined && form.importingParticipant === '') {
      setForm((f) => ({ ...f, importingParticipant: ownParticipant }));
    }
  }, [ownParticipant, form.importingParticipant]);
  const body = useMemo(() => paperOf(form), [form]);
  const validation = useMemo(
    () => validatePaperCertificate(body, { directory, today: todayUtc() }),
    [body, directory],
  );
  const problems = useFormProblems(validation.ok ? [] : validation.problems);
  const record = useMutation({
    mutationFn: (input: unknown) =>
      api<Recorded>('/api/v1/paper-certificates', { method: 'POST', json: input }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['certificates'] });
      void client.invalidateQueries({ queryKey: ['dashboard'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problem.problems !== undefined)
        problems.setServer(error.problem.problems);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    problems.submit();
    if (validation.ok) record.mutate(validation.value);
  };

  if (record.data) {
    return (
      <section>
        <h1>{t('paper.doneTitle')}</h1>
        <div className="card result" role="status" data-testid="paper-result">
          <p>{t('paper.done', { number: record.data.number })}</p>
          <div className="actions">
            <Link
              href={`/certificates/${encodeURIComponent(record.data.number)}`}
              className="button button-primary"
            >
              {t('issue.viewCertificate')}
            </Link>
            <button
              type="button"
              className="button"
              onClick={() => {
                record.reset();
                problems.reset();
                setForm({ ...emptyForm(), importingParticipant: ownParticipant ?? '' });
              }}
            >
              {t('paper.another')}
            </button>
          </div>
        </div>
      </section>
    );
  }

  return (
    <section>
      <h1>{t('paper.title')}</h1>
      <p className="muted">{t('paper.intro')}</p>
      {(node.isPending || trust.isPending) && <Loading />}
      {record.error && !(record.error instanceof ApiError && record.error.problem.problems) && (
        <ErrorState error={record.error} />
      )}
      {problems.submitted && <ProblemSummary problems={problems.all} />}
      <form className="form" onSubmit={submit} noValidate data-testid="paper-form">
        <CertificateFields
          mode="paper"
          form={form}
          onChange={setForm}
          problems={problems}
          trustList={trust.data?.trustList}
          ownParticipant={ownParticipant}
        />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={record.isPending}>
            {t('paper.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
