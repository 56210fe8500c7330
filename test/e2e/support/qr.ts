import { createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { base45Decode, base45Encode, qrPrefix } from '@kpx/protocol';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';

/** A QR code as a PNG, quiet zone included, like the one printed on the certificate. */
export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, scale: 4, type: 'png' });
}

/**
 * A "photo" of the printed QR: the PNG drawn by the browser onto a larger grey, slightly
 * uneven background, rotated a few degrees and scaled — what a phone camera gives, roughly.
 */
export async function photoOf(page: Page, png: Buffer): Promise<Buffer> {
  const dataUrl = await page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    const scale = 1.6;
    canvas.width = Math.round(image.width * scale + 400);
    canvas.height = Math.round(image.height * scale + 300);
    const g = canvas.getContext('2d');
    if (g === null) throw new Error('no canvas');
    const gradient = g.createLinearGradient(0, 0, canvas.width, canvas.height);
    gradient.addColorStop(0, '#c9c4b8');
    gradient.addColorStop(1, '#9f9a90');
    g.fillStyle = gradient;
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.translate(canvas.width / 2, canvas.height / 2);
    g.rotate((4 * Math.PI) / 180);
    g.drawImage(
      image,
      (-image.width * scale) / 2,
      (-image.height * scale) / 2,
      image.width * scale,
      image.height * scale,
    );
    return canvas.toDataURL('image/png');
  }, png.toString('base64'));
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/** The QR text with one claim changed (same length) and the COSE signature left as it was. */
export function tamperQr(qrText: string, from: string, to: string): string {
  const compressed = base45Decode(qrText.slice(qrPrefix.length));
  if (compressed === undefined) throw new Error('not base45');
  const cose = inflateSync(compressed);
  const at = cose.indexOf(Buffer.from(from, 'utf8'));
  if (at < 0 || from.length !== to.length) throw new Error(`cannot replace ${from}`);
  cose.write(to, at, 'utf8');
  return qrPrefix + base45Encode(new Uint8Array(deflateSync(cose, { level: 9 })));
}

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v >= 0) bits += v.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) for a base32 secret, `stepOffset` steps from now. */
export function totpCode(secret: string, stepOffset = 0, nowMs = Date.now()): string {
  const counter = Math.floor(nowMs / 1000 / 30) + stepOffset;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
