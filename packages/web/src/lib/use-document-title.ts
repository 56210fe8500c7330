import { useEffect } from 'react';

/** Sets the page title ("<page> · kpx"), so each view is announced and listed distinctly. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · kpx`;
  }, [title]);
}
