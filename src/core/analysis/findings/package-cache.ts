/** Package-manager caches written into a layer: attributed to the layer that stored them. */
import type { FindingContext, RawFinding, StoredRef } from './finding';
import { makeFinding } from './finding';

interface CacheKind {
  name: string;
  /** Matches a path inside the cache. */
  pattern: RegExp;
  fix: string;
}

const home = String.raw`/(?:root|home/[^/]+)`;

export const cacheKinds: CacheKind[] = [
  {
    name: 'npm cache',
    pattern: new RegExp(`^${home}/\\.npm/`),
    fix: 'Add `&& npm cache clean --force` to the same RUN, or use `RUN --mount=type=cache,target=/root/.npm npm ci`.',
  },
  {
    name: 'yarn cache',
    pattern: new RegExp(`^(?:/usr/local/share/\\.cache/yarn/|${home}/\\.cache/yarn/|.*/\\.yarn/cache/|.*/\\.yarn/berry/cache/)`),
    fix: 'Add `&& yarn cache clean` to the same RUN, or use `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn`.',
  },
  {
    name: 'pnpm store',
    pattern: new RegExp(`^(?:${home}/\\.local/share/pnpm/store/|${home}/\\.pnpm-store/|.*/\\.pnpm-store/)`),
    fix: 'Add `&& pnpm store prune` to the same RUN, or use `RUN --mount=type=cache,target=/root/.local/share/pnpm/store`.',
  },
  {
    name: 'pip cache',
    pattern: new RegExp(`^${home}/\\.cache/pip/`),
    fix: 'Use `pip install --no-cache-dir`, or `RUN --mount=type=cache,target=/root/.cache/pip`.',
  },
  {
    name: 'apt cache',
    pattern: /^\/var\/cache\/apt\/|^\/var\/lib\/apt\/lists\//,
    fix: 'End the same RUN with `&& rm -rf /var/lib/apt/lists/* /var/cache/apt/*` (and use `apt-get install --no-install-recommends`), or use `--mount=type=cache,target=/var/cache/apt`.',
  },
  {
    name: 'apk cache',
    pattern: /^\/var\/cache\/apk\//,
    fix: 'Use `apk add --no-cache`.',
  },
];

export function packageCacheFindings(context: FindingContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const layer of context.replay.layers) {
    const perKind = new Map<CacheKind, StoredRef[]>();
    const { table, rows } = layer.entries;
    for (const row of rows) {
      const bytes = table.size(row);
      if (table.type(row) === 'dir' || bytes <= 0) continue;
      const path = table.path(row);
      const kind = cacheKinds.find((candidate) => candidate.pattern.test(path));
      if (!kind) continue;
      const refs = perKind.get(kind) ?? [];
      refs.push({ layer: layer.index, path, bytes, row });
      perKind.set(kind, refs);
    }
    for (const [kind, refs] of perKind) {
      findings.push(
        makeFinding(
          context,
          { category: 'package-cache', title: `${kind.name} left in layer ${layer.index}`, fix: kind.fix, layerIndex: layer.index },
          refs,
        ),
      );
    }
  }
  return findings;
}
