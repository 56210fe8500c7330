// TEST ONLY: reads QR codes from PNG images with ZXing-C++ (zxing-wasm), loading its
// WebAssembly from node_modules: no network at run time (the package's default would fetch
// the .wasm from a CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';

let prepared = false;

function prepare(): void {
  if (prepared) return;
  const require = createRequire(import.meta.url);
  const file = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
  const wasm = readFileSync(file);
  prepareZXingModule({
    overrides: {
      // Emscripten still asks where the file is; the local path, never a URL.
      locateFile: () => file,
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    },
  });
  prepared = true;
}

/** Every QR code ZXing finds in the PNG `image`. */
export async function readQrCodes(image: Uint8Array): Promise<ReadResult[]> {
  prepare();
  return readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
}

/** Width of a found symbol in pixels, from its corners (the finder patterns' outer edges). */
export function symbolWidthPx(result: ReadResult): number {
  const { topLeft, topRight, bottomLeft, bottomRight } = result.position;
  const top = Math.hypot(topRight.x - topLeft.x, topRight.y - topLeft.y);
  const bottom = Math.hypot(bottomRight.x - bottomLeft.x, bottomRight.y - bottomLeft.y);
  return (top + bottom) / 2;
}
