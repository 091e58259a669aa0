/**
 * What the wizard remembers per build context that the contract has no field for: the runtime base the
 * user chose and the original image's name (RememberedContext keeps the folder, the Dockerfile and the
 * verification settings, keyed by that image name). Kept in the browser's localStorage, the newest 50
 * contexts; when it is absent only a suggestion is lost.
 */

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export interface ContextMemory {
  runtimeBase?: string;
  /** The original image's name last built from this context. */
  image?: string;
}

const storageKey = 'layerlens.rebuild.contexts';
const maxEntries = 50;

type Entry = ContextMemory & { at: number };

function defaultStore(): Store | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // storage refused (privacy settings)
  }
}

function contextKey(contextDir: string, dockerfile?: string): string {
  return `${contextDir.replace(/\/+$/, '')}|${dockerfile?.trim() || 'Dockerfile'}`;
}

function read(store: Store): Record<string, Entry> {
  try {
    const parsed = JSON.parse(store.getItem(storageKey) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, Entry>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function rememberedForContext(contextDir: string, dockerfile?: string, store: Store | undefined = defaultStore()): ContextMemory {
  if (!store) return {};
  const entry = read(store)[contextKey(contextDir, dockerfile)];
  const runtimeBase = text(entry?.runtimeBase);
  const image = text(entry?.image);
  return { ...(runtimeBase ? { runtimeBase } : {}), ...(image ? { image } : {}) };
}

/** Remembers for the context; a field set to "" is forgotten (the proposal's own default applies again). */
export function rememberForContext(
  contextDir: string,
  dockerfile: string | undefined,
  patch: ContextMemory,
  store: Store | undefined = defaultStore(),
): void {
  if (!store) return;
  const entries = read(store);
  const key = contextKey(contextDir, dockerfile);
  const next: Entry = { ...entries[key], ...patch, at: Date.now() };
  for (const field of ['runtimeBase', 'image'] as const) if (next[field] === '') delete next[field];
  if (next.runtimeBase === undefined && next.image === undefined) delete entries[key];
  else entries[key] = next;
  const newest = Object.entries(entries)
    .sort(([, a], [, b]) => (b.at ?? 0) - (a.at ?? 0))
    .slice(0, maxEntries);
  try {
    store.setItem(storageKey, JSON.stringify(Object.fromEntries(newest)));
  } catch {
    // Full or refused: nothing is remembered.
  }
}
