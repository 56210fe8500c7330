import type { MessageType } from '@kpx/protocol';
import { reject, type MessageHandler } from '../message-handler.js';
import { handleCertificateIssued } from './certificate-issued.js';
import {
  handleCertificateCancelled,
  handleCertificateSuperseded,
  handleImportConfirmed,
  handleImportRejected,
} from './notices.js';

/** Nodes do not take statistical returns: those go to the registry. */
const notForNodes: MessageHandler = (_ctx, envelope) =>
  Promise.resolve({
    subject: null,
    rejection: reject('KPX_PAYLOAD_INVALID', `${envelope.type} is not accepted by authority nodes`),
  });

/** The handler of each message type. */
export const messageHandlers: Readonly<Record<MessageType, MessageHandler>> = Object.freeze({
  'certificate.issued': handleCertificateIssued,
  'certificate.cancelled': handleCertificateCancelled,
  'certificate.superseded': handleCertificateSuperseded,
  'import.confirmed': handleImportConfirmed,
  'import.rejected': handleImportRejected,
  'statistics.return': notForNodes,
});
