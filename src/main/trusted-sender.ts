/** IPC is answered only for frames showing our own renderer (its file or its dev-server origin). */
export function isTrustedRendererUrl(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  let frame: URL;
  let renderer: URL;
  try {
    frame = new URL(frameUrl);
    renderer = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (renderer.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === renderer.pathname;
  return frame.origin === renderer.origin;
}
