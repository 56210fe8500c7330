import {
  decodeJwsPayload,
  heldTrustListOf,
  verifyQrWithTrustList,
  webCryptoVerifier,
  type QrClaims,
} from '@kpx/protocol';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import type {
  CertificateData,
  Check,
  PublicStatus,
  TrustListView,
  VerificationReport,
} from '../api/types.js';
import { Amount } from '../components/amount.js';
import { ChecksList } from '../components/checks-list.js';
import { ErrorState, Loading } from '../components/error-state.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { keepPageOffline, type OfflinePage } from '../lib/offline-page.js';
import { loadOfflineTrust, type OfflineTrust } from '../lib/offline-trust-list.js';
import { useDocumentTitle } from '../lib/use-document-title.js';

type IssuerNode = { authority: string; endpoint: string };
type StatusLookup =
  | { kind: 'held'; status: PublicStatus }
  | { kind: 'elsewhere'; detail: string; nodes: IssuerNode[] }
  | { kind: 'error'; error: unknown };

type Result =
  | { kind: 'number'; number: string; lookup: StatusLookup }
  | {
      kind: 'qr';
      valid: boolean;
      checks: Check[];
      claims?: QrClaims;
      lookup?: StatusLookup;
      source: 'text' | 'photo';
      /** The trust list the signature was checked against, in this browser. */
      trust: OfflineTrust;
    }
  | { kind: 'document'; report: VerificationReport; certificate?: CertificateData };

async function lookupStatus(number: string): Promise<StatusLookup> {
  try {
    return {
      kind: 'held',
      status: await api<PublicStatus>(`/api/v1/verify/${encodeURIComponent(number)}`),
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      const nodes = Array.isArray(error.problem['issuerNodes'])
        ? (error.problem['issuerNodes'] as IssuerNode[])
        : [];
      return { kind: 'elsewhere', detail: error.problem.detail ?? '', nodes };
    }
    return { kind: 'error', error };
  }
}

let trustPromise: Promise<OfflineTrust> | undefined;
/**
 * The trust list QR signatures are checked against: fetched from the node and verified here
 * against the pinned registry root, or — when the node cannot be reached — the copy this
 * browser kept (lib/offline-trust-list.ts). Loaded once per page; a failure is retried.
 */
function offlineTrust(): Promise<OfflineTrust> {
  trustPromise ??= loadOfflineTrust({
    fetchView: () => api<TrustListView>('/api/v1/trust-list'),
    store: localStorage,
    now: new Date(),
  }).catch((error: unknown) => {
    trustPromise = undefined;
    throw error;
  });
  return trustPromise;
}

/**
 * Verifies a KP1 QR payload here, in the browser, with the protocol's own checks — no request
 * to the node. Only the status lookup afterwards needs the node, and says so when it is out of
 * reach.
 */
async function verifyQrHere(text: string, source: 'text' | 'photo'): Promise<Result> {
  const trust = await offlineTrust();
  // The node's own verification function: same checks, same named causes.
  const outcome = await verifyQrWithTrustList(text, {
    trust: heldTrustListOf(trust.list),
    verifier: webCryptoVerifier,
    now: new Date(),
  });
  const claims = outcome.valid ? outcome.value : undefined;
  return {
    kind: 'qr',
    valid: outcome.valid,
    checks: outcome.checks,
    source,
    trust,
    ...(claims === undefined ? {} : { claims, lookup: await lookupStatus(claims.number) }),
  };
}

async function verifyDocument(document: string): Promise<Result> {
  const report = await api<VerificationReport>('/api/v1/verify', {
    method: 'POST',
    json: { document },
  });
  const payload = report.valid
    ? (decodeJwsPayload(document) as { credentialSubject?: CertificateData } | undefined)
    : undefined;
  return {
    kind: 'document',
    report,
    ...(payload?.credentialSubject === undefined ? {} : { certificate: payload.credentialSubject }),
  };
}

/** The public verification page: by number, by QR text, or by a photo of the QR. No sign-in. */
export default function VerifyPage() {
  const { t } = useI18n();
  useDocumentTitle(t('verify.title'));
  const initialNumber = new URLSearchParams(location.search).get('number') ?? '';
  const [number, setNumber] = useState(initialNumber);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>();
  const [error, setError] = useState<unknown>();
  const [photoMessage, setPhotoMessage] = useState<string | undefined>();
  const resultRef = useRef<HTMLDivElement>(null);
  const [trust, setTrust] = useState<OfflineTrust | undefined>();
  const [trustError, setTrustError] = useState<unknown>();
  const [offlinePage, setOfflinePage] = useState<OfflinePage | undefined>();
  useEffect(() => {
    // At once, so the list is verified and kept before the connection is lost.
    offlineTrust().then(setTrust, setTrustError);
    // And the page itself, with the photo decoder, for the next visit without a network.
    void keepPageOffline(() => import('../lib/qr-decode.js')).then(setOfflinePage);
  }, []);

  const run = async (work: () => Promise<Result>) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await work());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setTimeout(() => resultRef.current?.focus(), 0);
    }
  };

  const byNumber = (event: FormEvent) => {
    event.preventDefault();
    const n = number.trim();
    if (n === '') return;
    void run(async () => ({ kind: 'number', number: n, lookup: await lookupStatus(n) }));
  };
  const byText = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (value === '') return;
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value))
      void run(() => verifyDocument(value));
    else void run(() => verifyQrHere(value, 'text'));
  };
  const byPhoto = async (file: File | undefined) => {
    if (file === undefined) return;
    setPhotoMessage(t('verify.photoReading'));
    setResult(undefined);
    setError(undefined);
    try {
      const { decodeQrImage } = await import('../lib/qr-decode.js');
      const decoded = await decodeQrImage(file);
      if (decoded === undefined) {
        setPhotoMessage(t('verify.photoNoQr'));
        return;
      }
      setPhotoMessage(t('verify.photoFound'));
      setText(decoded);
      await run(() => verifyQrHere(decoded, 'photo'));
    } catch (e) {
      setPhotoMessage(undefined);
      setError(e);
    }
  };

  return (
    <section className="verify">
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.intro')}</p>
      <TrustStatus trust={trust} error={trustError} />
      {offlinePage === 'kept' && (
        <p className="muted" data-testid="page-offline" data-state="kept">
          {t('verify.pageKept')}
        </p>
      )}
      <div className="grid-3">
        <form className="card form" onSubmit={byNumber} data-testid="verify-number">
          <h2>{t('verify.byNumber')}</h2>
          <div className="field">
            <label htmlFor="verify-number-input">{t('field.number')}</label>
            <input
              id="verify-number-input"
              value={number}
              autoCapitalize="characters"
              placeholder="RU-2026-000101"
              onChange={(e) => setNumber(e.target.value)}
            />
          </div>
          <p className="hint">{t('verify.byNumberHint')}</p>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {t('verify.check')}
            </button>
          </div>
        </form>
        <form className="card form" onSubmit={byText} data-testid="verify-qr">
          <h2>{t('verify.byQr')}</h2>
          <div className="field">
            <label htmlFor="verify-qr-input">{t('verify.qrText')}</label>
            <textarea
              id="verify-qr-input"
              rows={4}
              spellCheck={false}
              value={text}
              placeholder="KP1:…"
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <p className="hint">{t('verify.byQrHint')}</p>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {t('verify.check')}
            </button>
          </div>
        </form>
        <div className="card form" data-testid="verify-photo">
          <h2>{t('verify.byPhoto')}</h2>
          <div className="field">
            <label htmlFor="verify-photo-input">{t('verify.photo')}</label>
            <input
              id="verify-photo-input"
              type="file"
              accept="image/*"
              capture="environment"
              onChange={(e) => {
                void byPhoto(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </div>
          <p className="hint">{t('verify.byPhotoHint')}</p>
          {photoMessage !== undefined && (
            <p role="status" className="muted" data-testid="photo-status">
              {photoMessage}
            </p>
          )}
        </div>
      </div>
      <div
        ref={resultRef}
        tabIndex={-1}
        className="verify-result"
        aria-live="polite"
        data-testid="verify-result"
      >
        {busy && <Loading />}
        {error !== undefined && <ErrorState error={error} />}
        {result !== undefined && <ResultView result={result} />}
      </div>
    </section>
  );
}

function Verdict({ valid, checks }: { valid: boolean; checks: Check[] }) {
  const { t } = useI18n();
  const cause = checks.find((c) => !c.ok);
  return (
    <div
      className={valid ? 'verdict-box verdict-ok' : 'verdict-box verdict-bad'}
      data-testid="verdict"
      data-valid={valid ? 'yes' : 'no'}
    >
      <p className="verdict-title">
        <span aria-hidden="true">{valid ? '✓ ' : '✗ '}</span>
        {valid ? t('verify.genuine') : t('verify.notGenuine')}
      </p>
      {!valid && cause !== undefined && <p>{t('verify.because', { reason: cause.message })}</p>}
    </div>
  );
}

function StatusLookupView({ lookup }: { lookup: StatusLookup }) {
  const { t, date } = useI18n();
  if (lookup.kind === 'error') {
    if (lookup.error instanceof ApiError && lookup.error.status === 0) {
      return (
        <p className="alert alert-info" data-testid="status-offline">
          {t('verify.statusOffline')}
        </p>
      );
    }
    return <ErrorState error={lookup.error} />;
  }
  if (lookup.kind === 'elsewhere') {
    return (
      <div className="alert alert-info" data-testid="status-elsewhere">
        <p>{t('verify.notHeld')}</p>
        {lookup.nodes.length > 0 && (
          <ul>
            {lookup.nodes.map((n) => (
              <li key={n.authority}>
                {n.authority}: <code className="break">{n.endpoint}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const s = lookup.status;
  const live = s.status === 'issued' || s.status === 'delivered';
  return (
    <div className={live ? 'alert alert-ok' : 'alert alert-warn'} data-testid="public-status">
      <p className="alert-title">
        {t('verify.statusHere')} <StatusBadge status={s.status} />
      </p>
      <dl className="facts">
        <div>
          <dt>{t('field.number')}</dt>
          <dd>{s.number}</dd>
        </div>
        <div>
          <dt>{t('field.issuingAuthority')}</dt>
          <dd>{s.issuer}</dd>
        </div>
        <div>
          <dt>{t('field.issuedOn')}</dt>
          <dd>{date(s.issuedOn)}</dd>
        </div>
        <div>
          <dt>{t('field.expiresOn')}</dt>
          <dd>{date(s.expiresOn)}</dd>
        </div>
      </dl>
      <p className="muted">{t(`verify.statusMeaning.${s.status}`)}</p>
    </div>
  );
}

function ResultView({ result }: { result: Result }) {
  const { t, date, dateTime } = useI18n();
  if (result.kind === 'number') {
    return (
      <div className="card">
        <h2>{t('verify.resultFor', { number: result.number })}</h2>
        <StatusLookupView lookup={result.lookup} />
        <p className="muted">{t('verify.numberOnlyNote')}</p>
      </div>
    );
  }
  if (result.kind === 'document') {
    const c = result.certificate;
    return (
      <div className="card">
        <h2>{t('verify.documentResult')}</h2>
        <Verdict valid={result.report.valid} checks={result.report.checks} />
        {result.report.status !== undefined && (
          <p>
            {t('verify.statusHere')} <StatusBadge status={result.report.status} />
          </p>
        )}
        {c !== undefined && (
          <p>
            {c.number}: {c.exporter.name} → {c.importer.name},{' '}
            <Amount value={c.totals.carats} unit="ct" />,{' '}
            <Amount value={c.totals.valueUsd} unit="usd" />
          </p>
        )}
        <h3>{t('verify.checks')}</h3>
        <ChecksList checks={result.report.checks} />
      </div>
    );
  }
  const c = result.claims;
  return (
    <div className="card">
      <h2>{result.source === 'photo' ? t('verify.photoResult') : t('verify.qrResult')}</h2>
      <Verdict valid={result.valid} checks={result.checks} />
      {result.trust.verification === 'signature' ? (
        <p data-testid="offline-basis">
          {t('verify.trustOffline', {
            version: String(result.trust.list.version),
            date: dateTime(result.trust.list.issuedAt),
          })}
        </p>
      ) : (
        <p className="alert alert-warn" data-testid="offline-basis">
          {t('verify.trustUnsigned')}
        </p>
      )}
      {c !== undefined && (
        <>
          <dl className="facts" data-testid="qr-claims">
            <div>
              <dt>{t('field.number')}</dt>
              <dd data-testid="claims-number">{c.number}</dd>
            </div>
            <div>
              <dt>{t('field.issuingAuthority')}</dt>
              <dd>{c.issuingAuthority}</dd>
            </div>
            <div>
              <dt>{t('verify.route')}</dt>
              <dd>
                {c.exportingParticipant} → {c.importingParticipant} ({c.importingAuthority})
              </dd>
            </div>
            <div>
              <dt>{t('field.issuedOn')}</dt>
              <dd>{date(c.issuedOn)}</dd>
            </div>
            <div>
              <dt>{t('field.expiresOn')}</dt>
              <dd>{date(c.expiresOn)}</dd>
            </div>
            <div>
              <dt>{t('field.origin')}</dt>
              <dd>{c.origin}</dd>
            </div>
            <div>
              <dt>{t('field.exporter')}</dt>
              <dd>{c.exporterName}</dd>
            </div>
            <div>
              <dt>{t('field.importer')}</dt>
              <dd>{c.importerName}</dd>
            </div>
            <div>
              <dt>{t('field.parcels')}</dt>
              <dd>{c.parcels}</dd>
            </div>
            <div>
              <dt>{t('field.seals')}</dt>
              <dd>{c.seals.length === 0 ? t('common.none') : c.seals.join(', ')}</dd>
            </div>
            {c.transit.length > 0 && (
              <div>
                <dt>{t('field.transit')}</dt>
                <dd>{c.transit.join(', ')}</dd>
              </div>
            )}
          </dl>
          <div className="table-wrap">
            <table className="items-table">
              <caption>{t('field.items')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('field.hs')}</th>
                  <th scope="col" className="num">
                    {t('field.carats')}
                  </th>
                  <th scope="col" className="num">
                    {t('field.valueUsd')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.items.map((i) => (
                  <tr key={i.hs}>
                    <th scope="row">{i.hs}</th>
                    <td className="num">
                      <Amount value={i.carats} />
                    </td>
                    <td className="num">
                      <Amount value={i.valueUsd} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.lookup !== undefined && <StatusLookupView lookup={result.lookup} />}
        </>
      )}
      <h3>{t('verify.checks')}</h3>
      <ChecksList checks={result.checks} />
      <p className="muted">{t('verify.offlineNote')}</p>
    </div>
  );
}

/** Which trust list this page checks QR codes against, how old it is, and where it came from. */
function TrustStatus({ trust, error }: { trust: OfflineTrust | undefined; error: unknown }) {
  const { t, dateTime } = useI18n();
  if (error !== undefined) {
    return (
      <p className="alert alert-warn" data-testid="trust-status" data-state="unavailable">
        {t('verify.trustUnavailable')}
      </p>
    );
  }
  if (trust === undefined) {
    return (
      <p className="muted" data-testid="trust-status" data-state="loading">
        {t('verify.trustLoading')}
      </p>
    );
  }
  if (trust.verification === 'unsigned') {
    return (
      <p className="alert alert-warn" data-testid="trust-status" data-state="unsigned">
        {t('verify.trustUnsigned')}
      </p>
    );
  }
  const params = {
    version: String(trust.list.version),
    date: dateTime(trust.list.issuedAt),
    fetched: dateTime(trust.fetchedAt),
  };
  return (
    <div data-testid="trust-status" data-state={trust.fromCache ? 'cached' : 'verified'}>
      <p className="muted">
        {trust.fromCache ? t('verify.trustCached', params) : t('verify.trustLoaded', params)}
      </p>
      {trust.stale && (
        <p className="alert alert-warn" data-testid="trust-stale">
          {t('verify.trustStale', { date: dateTime(trust.list.nextUpdate) })}
        </p>
      )}
    </div>
  );
}
