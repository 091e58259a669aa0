/**
 * The two images' configs side by side: Entrypoint, Cmd, Env (per variable), ExposedPorts, WorkingDir,
 * Healthcheck, Labels, Volumes, StopSignal, User, Shell, OnBuild. Every difference is listed; the ones a
 * change of the rewrite made on purpose name that change, the others are for the user to see.
 */
import type Docker from 'dockerode';
import type { ConfigDifference, DockerfileChange } from '../../shared/rebuild';
import { engineRequest } from '../engine/engine-request';

type ImageConfig = Record<string, unknown> & { Env?: string[] | null; Labels?: Record<string, string> | null };

const fields = ['Entrypoint', 'Cmd', 'ExposedPorts', 'WorkingDir', 'Healthcheck', 'Volumes', 'StopSignal', 'User', 'Shell', 'OnBuild'] as const;

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(none)';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object' && Object.values(value as object).every((v) => v && typeof v === 'object' && Object.keys(v).length === 0)) {
    return (
      Object.keys(value as object)
        .sort()
        .join(', ') || '(none)'
    );
  }
  return JSON.stringify(value);
}

function envMap(env: string[] | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    map.set(eq === -1 ? entry : entry.slice(0, eq), eq === -1 ? '' : entry.slice(eq + 1));
  }
  return map;
}

export function compareConfigs(original: ImageConfig, lean: ImageConfig, changes: DockerfileChange[]): ConfigDifference[] {
  const explain = (field: string) => changes.find((c) => c.configFields?.includes(field))?.title;
  const differences: ConfigDifference[] = [];
  const push = (field: string, a: string, b: string, explainedField = field) => {
    const by = explain(explainedField);
    differences.push({ field, original: a, lean: b, ...(by ? { explainedBy: by } : {}) });
  };
  for (const field of fields) {
    const a = show(original[field]);
    const b = show(lean[field]);
    if (a !== b) push(field, a, b);
  }
  const envA = envMap(original.Env);
  const envB = envMap(lean.Env);
  for (const key of [...new Set([...envA.keys(), ...envB.keys()])].sort()) {
    const a = envA.get(key);
    const b = envB.get(key);
    if (a !== b) push(`Env ${key}`, a === undefined ? '(unset)' : a, b === undefined ? '(unset)' : b, 'Env');
  }
  const labelsA = original.Labels ?? {};
  const labelsB = lean.Labels ?? {};
  for (const key of [...new Set([...Object.keys(labelsA), ...Object.keys(labelsB)])].sort()) {
    if (labelsA[key] !== labelsB[key]) push(`Label ${key}`, labelsA[key] ?? '(unset)', labelsB[key] ?? '(unset)', 'Labels');
  }
  return differences;
}

export async function compareImageConfigs(
  docker: Docker,
  original: string,
  lean: string,
  changes: DockerfileChange[],
  signal?: AbortSignal,
): Promise<ConfigDifference[]> {
  const [a, b] = await Promise.all(
    [original, lean].map((id) => engineRequest<{ Config?: ImageConfig }>(docker, { path: `/images/${id}/json`, signal })),
  );
  return compareConfigs(a!.Config ?? {}, b!.Config ?? {}, changes);
}
