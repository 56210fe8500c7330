import type { CertificateStatus } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';

export function StatusBadge({ status }: { status: CertificateStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
