import { useInfo } from '../api/get-info';

/**
 * Which API build and which replica answered. "Ask again" sends a new request, so people watching
 * a Kubernetes rollout see answers come from different pods.
 */
export function ServedBy() {
  const [info, askAgain] = useInfo();
  return (
    <p className="served-by">
      <span aria-live="polite">
        {info.status === 'loading' && 'Asking the API which replica answers…'}
        {info.status === 'error' && 'The API did not say which version or replica answered.'}
        {info.status === 'ready' && (
          <>
            API {info.data.version} (commit <code>{info.data.commit}</code>), answered by{' '}
            <code>{info.data.hostname}</code>
          </>
        )}
      </span>{' '}
      <button type="button" className="link-button" onClick={askAgain} disabled={info.status === 'loading'}>
        Ask again
      </button>
    </p>
  );
}
