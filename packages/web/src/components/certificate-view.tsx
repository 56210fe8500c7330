import type { CertificateData, Discrepancy, TrustListData } from '../api/types.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { Amount } from './amount.js';

/** Participant and authority names from the trust list, in the current language. */
export function useNames(trustList: TrustListData | undefined) {
  const { name } = useI18n();
  return {
    participant: (code: string) => {
      const p = trustList?.participants.find((x) => x.code === code);
      return p ? `${name(p.names, code)} (${code})` : code;
    },
    authority: (id: string) => {
      const a = trustList?.authorities.find((x) => x.id === id);
      return a ? `${name(a.names, id)} (${id})` : id;
    },
  };
}

export type CertificateLike = Omit<
  CertificateData,
  'number' | 'importingAuthority' | 'issuedOn' | 'expiresOn'
> & {
  number?: string;
  importingAuthority?: string;
  issuedOn?: string;
  expiresOn?: string;
};

/**
 * The certificate's data as on the form (KPCS Annex I part A): statement, parties, goods,
 * shipment. `discrepancies` highlights the HS lines an import confirmation disagreed with.
 */
export function CertificateView({
  certificate,
  trustList,
  placeholders,
  discrepancies,
}: {
  certificate: CertificateLike;
  trustList: TrustListData | undefined;
  placeholders?: {
    number?: string;
    issuedOn?: string;
    expiresOn?: string;
    importingAuthority?: string;
  };
  discrepancies?: readonly Discrepancy[];
}) {
  const { t, date } = useI18n();
  const names = useNames(trustList);
  const c = certificate;
  const lineDiff = (hs: string, field: 'carats' | 'valueUsd') =>
    discrepancies?.find((d) => d.field === `items/${hs}/${field}`);
  return (
    <div className="certificate" data-testid="certificate-view">
      <p className="certificate-title">{t('certificate.title')}</p>
      <p className="certificate-statement">{t('certificate.statement')}</p>
      <dl className="facts">
        <div>
          <dt>{t('field.number')}</dt>
          <dd data-testid="field-number">{c.number ?? placeholders?.number ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('field.issuingAuthority')}</dt>
          <dd>{names.authority(c.issuingAuthority)}</dd>
        </div>
        <div>
          <dt>{t('field.exportingParticipant')}</dt>
          <dd>{names.participant(c.exportingParticipant)}</dd>
        </div>
        <div>
          <dt>{t('field.importingParticipant')}</dt>
          <dd>{names.participant(c.importingParticipant)}</dd>
        </div>
        <div>
          <dt>{t('field.importingAuthority')}</dt>
          <dd>
            {c.importingAuthority !== undefined
              ? names.authority(c.importingAuthority)
              : (placeholders?.importingAuthority ?? '—')}
          </dd>
        </div>
        <div>
          <dt>{t('field.origin')}</dt>
          <dd>{c.origin === 'MIXED' ? t('field.originMixed') : names.participant(c.origin)}</dd>
        </div>
        <div>
          <dt>{t('field.issuedOn')}</dt>
          <dd>{c.issuedOn !== undefined ? date(c.issuedOn) : (placeholders?.issuedOn ?? '—')}</dd>
        </div>
        <div>
          <dt>{t('field.expiresOn')}</dt>
          <dd>
            {c.expiresOn !== undefined ? date(c.expiresOn) : (placeholders?.expiresOn ?? '—')}
          </dd>
        </div>
        <div>
          <dt>{t('field.parcels')}</dt>
          <dd>{c.parcels}</dd>
        </div>
        <div>
          <dt>{t('field.transit')}</dt>
          <dd>
            {c.transit.length === 0
              ? t('common.none')
              : c.transit.map(names.participant).join(', ')}
          </dd>
        </div>
        <div>
          <dt>{t('field.seals')}</dt>
          <dd>{c.seals.length === 0 ? t('common.none') : c.seals.join(', ')}</dd>
        </div>
        {c.replaces !== undefined && (
          <div>
            <dt>{t('field.replaces')}</dt>
            <dd>{c.replaces}</dd>
          </div>
        )}
      </dl>
      <div className="grid-2">
        {(['exporter', 'importer'] as const).map((side) => (
          <div key={side} className="party">
            <h3>{t(`field.${side}`)}</h3>
            <p className="party-name">{c[side].name}</p>
            <p className="party-address">{c[side].address}</p>
            {c[side].licence !== undefined && (
              <p>
                {t('field.partyLicence')}: {c[side].licence}
              </p>
            )}
          </div>
        ))}
      </div>
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
            {c.items.map((item) => (
              <tr key={item.hs}>
                <th scope="row">
                  {item.hs} <span className="muted">{hsDescription(t, item.hs)}</span>
                </th>
                <td className={lineDiff(item.hs, 'carats') ? 'num diff' : 'num'}>
                  <Amount value={item.carats} />
                </td>
                <td className={lineDiff(item.hs, 'valueUsd') ? 'num diff' : 'num'}>
                  <Amount value={item.valueUsd} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('field.totals')}</th>
              <td className="num">
                <Amount value={c.totals.carats} unit="ct" />
              </td>
              <td className="num">
                <Amount value={c.totals.valueUsd} unit="usd" />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

const hsKeys: Record<string, MessageKey> = {
  '7102.10': 'hs.7102.10',
  '7102.21': 'hs.7102.21',
  '7102.31': 'hs.7102.31',
};

/** The HS subheading's description in the current language ('' for an unknown code). */
export function hsDescription(t: (key: MessageKey) => string, code: string): string {
  const key = hsKeys[code];
  return key === undefined ? '' : t(key);
}
