/** Compilers, headers and static libraries left in the final image. */
import { toolKind } from '../tools';
import type { FindingContext, RawFinding, StoredRef } from './finding';
import { makeFinding } from './finding';

const toolchainDirs = [
  /^\/usr\/(local\/)?include\//,
  /^\/usr\/lib\/gcc(-cross)?\//,
  /^\/usr\/libexec\/gcc\//,
  /^\/usr\/(local\/)?lib\/python3[^/]*\/config-[^/]+\//,
  /^\/usr\/(local\/)?lib\/.*\.a$/,
];

export function isToolchainPath(path: string): boolean {
  return toolKind(path) === 'compiler' || toolchainDirs.some((pattern) => pattern.test(path));
}

/** The toolchain files among the final filesystem's entries, optionally limited to some layers. */
export function toolchainRefs(context: FindingContext, layers?: Set<number>): StoredRef[] {
  const refs: StoredRef[] = [];
  context.replay.final.forEachRow((table, row, layer) => {
    if (table.type(row) === 'dir' || (layers && !layers.has(layer))) return;
    const path = table.path(row);
    if (isToolchainPath(path)) refs.push({ layer, path, bytes: table.size(row), row });
  });
  return refs;
}

export function buildToolchainFindings(context: FindingContext): RawFinding[] {
  const refs = toolchainRefs(context);
  if (refs.length === 0) return [];
  const compilers = refs.filter((ref) => toolKind(ref.path) === 'compiler').length;
  return [
    makeFinding(
      context,
      {
        category: 'build-toolchain',
        title:
          compilers > 0
            ? `Build toolchain in the final image (${compilers} compiler/build tools, headers, static libraries)`
            : 'Headers and static libraries in the final image',
        fix: 'Use a multi-stage build: compile in a `FROM … AS build` stage with the toolchain, then `COPY --from=build` only the artifacts into a slim runtime image. Or purge build-essential/-dev packages in the same RUN that used them.',
      },
      refs,
    ),
  ];
}
