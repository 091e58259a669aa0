/**
 * The token of `layerlens serve` arrives once, in the printed URL. It is kept for this tab only
 * (sessionStorage: not shared with other tabs, gone when the tab closes) and dropped from the address
 * bar so that it is not bookmarked, shared or left in history.
 */
const storageKey = 'layerlens-token';

/** Moves `?token=` from the address bar into this tab's storage; call once at start-up. */
export function takeTokenFromAddressBar(): void {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  sessionStorage.setItem(storageKey, token);
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

export function sessionToken(): string | undefined {
  return sessionStorage.getItem(storageKey) ?? undefined;
}
