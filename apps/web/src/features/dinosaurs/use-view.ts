import { useCallback, useSyncExternalStore } from 'react';
import { formatView, parseView, type View } from './view';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

const currentSearch = () => window.location.search;

/** Writes a view into the URL; `replace` rewrites the current history entry instead of adding one. */
export type SetView = (view: View, options?: { replace?: boolean }) => void;

/**
 * The view in the URL, and a setter that writes it back. A choice adds a history entry, so Back
 * undoes it; typing (`replace`) rewrites the current one instead of adding one per keystroke.
 */
export function useView(): [View, SetView] {
  const search = useSyncExternalStore(subscribe, currentSearch);
  const setView = useCallback<SetView>((view, { replace = false } = {}) => {
    const url = `${window.location.pathname}${formatView(view)}${window.location.hash}`;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [parseView(search), setView];
}
