import type { MessageKey } from '../i18n/i18n.js';

/** Event types are open-ended: translate the known ones, show others as sent. */
export function eventLabel(t: (key: MessageKey) => string, type: string): string {
  const known: Record<string, MessageKey> = {
    issued: 'event.issued',
    received: 'event.received',
    'recorded-from-paper': 'event.recordedFromPaper',
    delivered: 'event.delivered',
    'message-delivered': 'event.messageDelivered',
    'delivery-overdue': 'event.deliveryOverdue',
    'delivery-rejected': 'event.deliveryRejected',
    'dead-letter': 'event.deadLetter',
    'delivery-retried': 'event.deliveryRetried',
    confirmed: 'event.confirmed',
    rejected: 'event.rejected',
    cancelled: 'event.cancelled',
    superseded: 'event.superseded',
    expired: 'event.expired',
    'reuse-attempt': 'event.reuseAttempt',
  };
  const key = known[type];
  return key === undefined ? type : t(key);
}
