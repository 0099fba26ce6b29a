/** The headless host's access token: taken from the first page load's URL, then kept per tab. */

const KEY = 'rampart.token';

/**
 * Read the token. On the first load it is in `?token=`: it is moved to sessionStorage and removed
 * from the address bar so it does not end up in history, bookmarks or screenshots.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}

/** Drop a token the host refused (it restarted with a new one), so a reload asks for the new URL. */
export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
