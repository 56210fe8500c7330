import jsQR from 'jsqr';

// Pure JavaScript decoding: the node's CSP is `script-src 'self'` (no 'wasm-unsafe-eval'), so a
// WebAssembly decoder could not start; jsQR needs neither eval nor WebAssembly nor the network.

function pixelsOf(bitmap: ImageBitmap, width: number, height: number): ImageData {
  const canvas =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true }) as
    CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (context === null) throw new Error('no 2D canvas');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

/**
 * Reads the first QR code in a photo or scan, in the browser; undefined when none is found.
 * Large phone photos are tried at a few sizes: full detail first (a dense KP1 code needs it),
 * then smaller, which often helps with blur and noise.
 */
export async function decodeQrImage(image: Blob): Promise<string | undefined> {
  const bitmap = await createImageBitmap(image);
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    const sides = [2400, 1600, 1000].filter((side, i) => i === 0 || side < longest);
    for (const side of sides) {
      const scale = Math.min(1, side / longest);
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const pixels = pixelsOf(bitmap, width, height);
      const found = jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' });
      if (found !== null && found.data !== '') return found.data;
    }
    return undefined;
  } finally {
    bitmap.close();
  }
}
