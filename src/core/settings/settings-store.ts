/**
 * LayerLens's small settings file: JSON in `$LAYERLENS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/layerlens`, else
 * `~/.config/layerlens` (`%APPDATA%\layerlens` on Windows). Written atomically (temp file + rename), so a
 * crash never leaves half a file; a file that cannot be read is set aside (never silently lost) and the
 * defaults are used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { VerifySettings } from '../../shared/rebuild';
import { writeFileAtomicSync } from '../fs/atomic-write';

export interface RememberedContextEntry {
  contextDir: string;
  dockerfile?: string;
  /** ISO time. */
  rememberedAt: string;
  /** How the app was last run for verification (checked again when read). */
  verify?: VerifySettings;
}

export interface Settings {
  version: 1;
  /** Build context folders by image reference ("repo:tag", or an image ID). */
  contexts: Record<string, RememberedContextEntry>;
}

export const settingsFileName = 'settings.json';
/** Enough for every image a user works on; the oldest entries go first. */
export const maxRememberedContexts = 500;

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LAYERLENS_CONFIG_DIR) return path.resolve(env.LAYERLENS_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)) return path.join(env.XDG_CONFIG_HOME, 'layerlens');
  if (platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'layerlens');
  return path.join(env.HOME || os.homedir(), '.config', 'layerlens');
}

function emptySettings(): Settings {
  return { version: 1, contexts: {} };
}

function isEntry(value: unknown): value is RememberedContextEntry {
  const entry = value as Partial<RememberedContextEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.contextDir === 'string' &&
    typeof entry.rememberedAt === 'string' &&
    (entry.dockerfile === undefined || typeof entry.dockerfile === 'string')
  );
}

function entryOf(entry: RememberedContextEntry): RememberedContextEntry {
  const verify = entry.verify && typeof entry.verify === 'object' && !Array.isArray(entry.verify) ? entry.verify : undefined;
  return {
    contextDir: entry.contextDir,
    rememberedAt: entry.rememberedAt,
    ...(entry.dockerfile ? { dockerfile: entry.dockerfile } : {}),
    ...(verify ? { verify } : {}),
  };
}

/** Keeps what is well-formed; anything else in the file is dropped. */
function sanitize(data: unknown): Settings {
  const settings = emptySettings();
  const contexts = (data as { contexts?: unknown } | null)?.contexts;
  if (contexts && typeof contexts === 'object') {
    for (const [ref, entry] of Object.entries(contexts as Record<string, unknown>)) {
      if (isEntry(entry)) settings.contexts[ref] = entryOf(entry);
    }
  }
  return settings;
}

export class SettingsStore {
  readonly file: string;

  constructor(readonly dir: string = defaultConfigDir()) {
    this.file = path.join(dir, settingsFileName);
  }

  read(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptySettings();
      throw error;
    }
    try {
      return sanitize(JSON.parse(text));
    } catch {
      // Not JSON: keep it aside for the user, start from the defaults.
      fs.renameSync(this.file, `${this.file}.unreadable-${Date.now()}`);
      return emptySettings();
    }
  }

  /** Read, change, write atomically; returns what was written. */
  update(change: (settings: Settings) => void): Settings {
    const settings = this.read();
    change(settings);
    this.write(settings);
    return settings;
  }

  private write(settings: Settings): void {
    fs.mkdirSync(this.dir, { recursive: true });
    writeFileAtomicSync(this.file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  }

  rememberContext(imageRef: string, entry: Omit<RememberedContextEntry, 'rememberedAt'>, now = new Date()): RememberedContextEntry {
    const saved = entryOf({ ...entry, rememberedAt: now.toISOString() });
    this.update((settings) => {
      delete settings.contexts[imageRef]; // re-inserted last: the newest
      settings.contexts[imageRef] = saved;
      const refs = Object.keys(settings.contexts);
      if (refs.length > maxRememberedContexts) {
        const oldest = refs.sort((a, b) => settings.contexts[a]!.rememberedAt.localeCompare(settings.contexts[b]!.rememberedAt));
        for (const ref of oldest.slice(0, refs.length - maxRememberedContexts)) delete settings.contexts[ref];
      }
    });
    return saved;
  }

  /**
   * The folder remembered for `imageRef`; else, for "repo:tag", the newest one of the same repository
   * (a new tag of the same app is built from the same folder).
   */
  rememberedContext(imageRef: string): { imageRef: string; entry: RememberedContextEntry } | null {
    const { contexts } = this.read();
    const exact = contexts[imageRef];
    if (exact) return { imageRef, entry: exact };
    const repo = repositoryOf(imageRef);
    if (!repo) return null;
    const sameRepo = Object.entries(contexts)
      .filter(([ref]) => repositoryOf(ref) === repo)
      .sort(([, a], [, b]) => b.rememberedAt.localeCompare(a.rememberedAt))[0];
    return sameRepo ? { imageRef: sameRepo[0], entry: sameRepo[1] } : null;
  }
}

/** "repo" of "repo:tag" (registry ports kept); null for image IDs. */
export function repositoryOf(ref: string): string | null {
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return null;
  const withoutDigest = ref.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}
