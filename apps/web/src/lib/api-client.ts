/** A failure to get an answer from the API, worded for the person looking at the page. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
}

/**
 * GETs `/api<path>` as JSON. The viewer and the API share one origin: in development Vite
 * proxies `/api`, in production nginx does, and both strip the prefix.
 */
export async function getJson(path: `/${string}`, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError('The dinosaur API cannot be reached. Check your connection, then try again.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    // The API's errors, and nginx's when the API is down, are `{ statusCode, error, message }`.
    const message = (body as { message?: unknown } | undefined)?.message;
    const status = `${response.status} ${response.statusText}`.trim();
    throw new ApiError(`The dinosaur API answered ${status}${typeof message === 'string' ? `: ${message}` : ''}.`);
  }
  if (body === undefined) throw new ApiError('The dinosaur API answered with something other than JSON.');
  return body;
}
