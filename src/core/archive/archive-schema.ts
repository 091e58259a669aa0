/**
 * The shapes of an archive's metadata (Docker's manifest.json, OCI indexes and manifests, the image
 * config), checked before anything reads them: a malformed file is ARCHIVE_CORRUPT naming the field that
 * is wrong ("manifest.json[0].Layers[2]: expected a string"), never "an unexpected error". Loaded when an
 * archive is read (zod costs start-up time a command that reads no archive should not pay).
 */
import * as z from 'zod/mini';
import { LayerLensError } from '../../shared/errors';

const digest = z.string().check(z.regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'a digest (algorithm:hex)'));
const stringMap = z.record(z.string(), z.string());

const platform = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.optional(z.string()),
});

const descriptor = z.object({
  mediaType: z.optional(z.string()),
  digest,
  size: z.optional(z.number().check(z.nonnegative())),
  platform: z.optional(platform),
  annotations: z.optional(z.nullable(stringMap)),
});

export const legacyManifestSchema = z.array(
  z.object({
    Config: z.string(),
    RepoTags: z.optional(z.nullable(z.array(z.string()))),
    Layers: z.array(z.string()),
  }),
);

export const ociIndexSchema = z.object({
  mediaType: z.optional(z.string()),
  manifests: z.array(descriptor),
  annotations: z.optional(z.nullable(stringMap)),
});

export const ociManifestSchema = z.object({
  mediaType: z.optional(z.string()),
  config: descriptor,
  layers: z.array(descriptor),
});

export const imageConfigSchema = z.object({
  architecture: z.optional(z.string()),
  os: z.optional(z.string()),
  variant: z.optional(z.string()),
  created: z.optional(z.string()),
  config: z.optional(
    z.nullable(
      z.object({
        User: z.optional(z.string()),
        Env: z.optional(z.nullable(z.array(z.string()))),
        Cmd: z.optional(z.nullable(z.array(z.string()))),
        Entrypoint: z.optional(z.nullable(z.array(z.string()))),
        WorkingDir: z.optional(z.string()),
        // Docker writes `{}` per port; an object keeps any nesting out of the stripped copy readers return.
        ExposedPorts: z.optional(z.nullable(z.record(z.string(), z.object({})))),
        Labels: z.optional(z.nullable(stringMap)),
      }),
    ),
  ),
  rootfs: z.optional(z.object({ type: z.optional(z.string()), diff_ids: z.optional(z.array(digest)) })),
  history: z.optional(
    z.nullable(
      z.array(
        z.object({
          created: z.optional(z.string()),
          created_by: z.optional(z.string()),
          empty_layer: z.optional(z.boolean()),
          comment: z.optional(z.string()),
        }),
      ),
    ),
  ),
});

function fieldPath(path: PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

/** How many problems a message names: enough to see a pattern, short enough to read. */
const maxIssuesNamed = 3;

/**
 * The value, typed (objects stripped of the fields no schema names), or ARCHIVE_CORRUPT naming the fields
 * that are wrong and what each should be.
 */
export function checked<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const { issues } = result.error;
  const named = issues.slice(0, maxIssuesNamed).map((issue) => {
    const problem = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
    return `${what}${fieldPath(issue.path)} is malformed: ${problem}`;
  });
  const more = issues.length > maxIssuesNamed ? ` (and ${issues.length - maxIssuesNamed} more)` : '';
  throw new LayerLensError('ARCHIVE_CORRUPT', `${named.join('; ')}${more}.`, `${issues.length} problem(s)`);
}
