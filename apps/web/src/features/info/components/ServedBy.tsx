import { useState } from 'react';
import { useInfo } from '../api/get-info';

/**
 * Which API build and which replica answered. "Ask again" sends a new request, so people watching
 * a Kubernetes rollout see answers come from different pods.
 */
export function ServedBy() {
  const [info, askAgain] = useInfo();
  // Announced only once asked: the first answer, on every page load, is no news.
  const [asked, setAsked] = useState(false);
  return (
    <p className="served-by">
      <span aria-live={asked ? 'polite' : 'off'}>
        {info.status === 'loading' && 'Asking the API which replica answers…'}
        {info.status === 'error' && 'The API did not say which version or replica answered.'}
        {info.status === 'ready' && (
          <>
            API {info.data.version} (commit <code>{info.data.commit}</code>), answered by{' '}
            <code>{info.data.hostname}</code>
          </>
        )}
      </span>{' '}
      {/* Never disabled while asking: a disabled button drops the keyboard focus. */}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setAsked(true);
          askAgain();
        }}
      >
        Ask again
      </button>
    </p>
  );
}
