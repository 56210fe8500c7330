import type { Pdf } from './pdf-document.js';

/** The running position of a flowing layout. */
export type PageFrame = {
  readonly doc: Pdf;
  /** Left edge and width of the content, in points. */
  readonly x: number;
  readonly width: number;
  /** Top of the content on a page, and the lowest y content may reach. */
  readonly top: number;
  readonly bottom: number;
  /** Draws the heading of a continuation page and returns its height. */
  readonly continuation: (doc: Pdf, y: number) => number;
  y: number;
  /** Index of the current page, from 0. */
  page: number;
};

/** Starts a new page and sets the frame below its continuation heading. */
export function newPage(frame: PageFrame): void {
  frame.doc.addPage();
  frame.page += 1;
  frame.y = frame.top;
  frame.y += frame.continuation(frame.doc, frame.y);
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(frame: PageFrame, height: number): void {
  if (frame.y + height > frame.bottom) newPage(frame);
}
