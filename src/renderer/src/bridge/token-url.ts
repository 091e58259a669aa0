/**
 * The `?token=` in the URL `layerlens serve` prints has done its job once the page loaded (the server
 * set a cookie); drop it from the address bar so it is not bookmarked, shared or left in history.
 */
export function forgetTokenInAddressBar(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
