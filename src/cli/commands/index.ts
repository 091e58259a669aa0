/**
 * Every `layerlens` command, in the order --help lists them: what it takes and says, as data. Each action
 * is imported when its command runs (see `load`), so this list costs nothing at start-up.
 */
import { reportFormatInfo, reportFormats } from '../../shared/report';
import type { CommandSpec, Flag, Flags } from '../command';

const imageArg = '<image|archive.tar|oci-dir|registry://REF>';
const imageNames = 'an image name, an archive file, an OCI layout folder or registry://REGISTRY/REPO:TAG';
const platform: Flags = {
  platform: {
    type: 'string',
    value: 'OS/ARCH',
    help: "the platform to read from a multi-platform archive, layout or registry image (default: this machine's)",
  },
};
/** Reading an image from a registry, in place (nothing is pulled). */
const registry: Flags = {
  source: {
    type: 'string',
    value: 'KIND',
    help: 'what the image argument is: registry (read REGISTRY/REPO:TAG in place), engine, archive or oci-dir (default: told from the argument; registry:// also says registry)',
  },
  'insecure-registry': {
    type: 'string',
    value: 'HOST',
    multiple: true,
    help: 'a registry that may be reached over plain HTTP (registries on this machine always may)',
  },
};

export const commands: CommandSpec[] = [
  {
    name: 'info',
    summary: 'the engine LayerLens talks to: name, version, API version, OS/arch',
    description: 'Says which engine LayerLens finds (Docker or Podman), where, and whether it answers.',
    args: '',
    positionals: { min: 0, max: 0, names: '' },
    flags: {},
    examples: ['info', 'info --host unix:///run/podman/podman.sock --json'],
    load: async () => (await import('../actions/info')).run,
  },
  {
    name: 'images',
    summary: 'images in the engine with their sizes, and the disk they use in all',
    description:
      'Lists the images in the engine with their tags, IDs, ages and sizes, and the disk they take together\n(shared layers counted once, as `docker system df` does).',
    args: '',
    positionals: { min: 0, max: 0, names: '' },
    flags: {},
    examples: ['images', 'images --json'],
    load: async () => (await import('../actions/images')).run,
  },
  {
    name: 'inspect',
    summary: 'every byte of an image explained: layers, waste, efficiency, findings, attack surface',
    description:
      "Reads an image from the engine, a `docker save` archive (legacy or OCI, gzip or zstd layers), an OCI layout\nfolder or a kaniko tarball, and explains every byte: layers with the instruction that made them, true\nwaste, dive's efficiency, findings with their fixes, and the attack surface. Layer indexes are cached\n(LAYERLENS_CACHE_DIR), so a second look is instant.",
    args: imageArg,
    positionals: { min: 1, max: 1, names: imageNames },
    flags: { ...platform, ...registry },
    examples: [
      'inspect node:18',
      'inspect ./image.tar --json',
      'inspect ./oci-layout --platform linux/arm64',
      'inspect registry://ghcr.io/team/app:1.2',
      'inspect --source registry 127.0.0.1:5000/app:1 --platform linux/arm64',
    ],
    load: async () => (await import('../actions/inspect')).run,
  },
  {
    name: 'optimize',
    summary: 'make a lean image of a Node.js build: keep the build, copy out the runtime, let verification choose',
    description:
      'Reads the Dockerfile of a build context and proposes lean candidates: the original build kept as it is,\nthen a runtime stage on a smaller base that copies out only what the app needs. Without --build the most\naggressive candidate that passes the static checks is written as Dockerfile.lean beside yours (never over\nit), unverified. With --build both images are built; with --verify each candidate is run against the\noriginal, from the most aggressive, and the first that behaves the same is kept.',
    args: '<context-dir>',
    positionals: { min: 1, max: 1, names: 'a build context directory' },
    flags: {
      dockerfile: { type: 'string', value: 'FILE', help: 'the Dockerfile, relative to the context (default: Dockerfile)' },
      target: { type: 'string', value: 'STAGE', help: 'the stage that is the image (default: the last one)' },
      'build-arg': { type: 'string', value: 'KEY=VALUE', multiple: true, help: 'a build argument for the original build' },
      'runtime-base': { type: 'string', value: 'IMG', help: 'the base of the runtime stage (default: the slim variant of your base)' },
      out: { type: 'string', value: 'FILE', help: 'where to write the lean Dockerfile (default: Dockerfile.lean beside yours)' },
      force: { type: 'boolean', help: 'replace an existing lean file that has other content' },
      'no-write': { type: 'boolean', help: 'write no file, print only' },
      build: { type: 'boolean', help: 'build the original (unless it exists) and the lean image' },
      tag: {
        type: 'string',
        value: 'NAME',
        help: 'the original image: used when it exists, else built and tagged so (default: from the folder name)',
      },
      'lean-tag': { type: 'string', value: 'NAME', help: 'the tag of the lean image (default: <original>-lean)' },
      replace: {
        type: 'boolean',
        help: 'move an existing lean tag to the new image, here and (with --push) in the registry (never without this flag)',
      },
      push: {
        type: 'boolean',
        help: "push the lean image to its registry under the lean tag (the original's repository; implies --build); an existing tag only with --replace",
      },
      'insecure-registry': registry['insecure-registry'],
      verify: { type: 'boolean', help: 'run each candidate against the original and keep the first that behaves the same (implies --build)' },
      'verify-env': { type: 'string', value: 'KEY=VALUE', multiple: true, help: 'an environment variable both images need to start' },
      'verify-env-file': { type: 'string', value: 'FILE', help: 'environment variables from a file of KEY=VALUE lines (as docker run --env-file)' },
      'verify-path': { type: 'string', value: 'PATH', multiple: true, help: 'an HTTP path to request from both images (default: /)' },
      'verify-port': { type: 'string', value: 'N', help: 'the container port to request (default: the first EXPOSEd one)' },
      'verify-cmd': { type: 'string', value: 'COMMAND', help: 'a command to run in both images instead of their CMD (through /bin/sh -c)' },
      'verify-timeout': { type: 'string', value: 'SECONDS', help: 'how long each image may take to answer (default: 30)' },
    },
    examples: [
      'optimize ./my-app',
      'optimize ./my-app --runtime-base node:18-slim --build --verify',
      'optimize ./api --verify --verify-env DATABASE_URL=postgres://db/app --verify-path /health',
      'optimize ./my-app --dockerfile docker/Dockerfile --no-write --json',
      'optimize ./my-app --tag registry.example.com/team/app:1 --verify --push',
    ],
    load: async () => (await import('../actions/optimize')).run,
  },
  {
    name: 'serve',
    summary: 'the LayerLens UI in a browser, on 127.0.0.1 with a one-time token',
    description:
      'Serves the same UI as the desktop app on 127.0.0.1, for headless machines. Open the printed URL: the token\nin it is required, and other hosts and origins are refused. Ctrl+C stops.',
    args: '',
    positionals: { min: 0, max: 0, names: '' },
    flags: { port: { type: 'string', value: 'N', help: 'the port to listen on (default: a free one)' } },
    examples: ['serve', 'serve --port 8080'],
    load: async () => (await import('../actions/serve')).run,
  },
  {
    name: 'report',
    summary: 'a size report file: PDF (headless Chromium), Markdown, single-file HTML or JSON',
    description:
      "Writes a size report of one image, or of two with --compare (before and after). The format comes from the\nflag or from the file's extension. A PDF is printed by a Chromium on this machine.",
    args: imageArg,
    positionals: { min: 1, max: 1, names: imageNames },
    flags: {
      output: { type: 'string', short: 'o', value: 'FILE', help: 'the report file to write (written whole, or not at all)' },
      compare: { type: 'string', value: 'IMAGE', help: 'a second image, archive, layout or registry://REF: the "after" of a comparison' },
      // One flag per report format (--json, the global flag, is the JSON one).
      ...Object.fromEntries(
        reportFormats.filter((f) => f !== 'json').map((f) => [f, { type: 'boolean', help: reportFormatInfo[f].help } satisfies Flag]),
      ),
      paper: { type: 'string', value: 'SIZE', help: 'a4 or letter, for PDF and HTML (default: a4)' },
      chromium: { type: 'string', value: 'PATH', help: 'the Chromium that prints PDFs (default: LAYERLENS_CHROMIUM, /usr/bin/chromium)' },
      title: { type: 'string', value: 'TEXT', help: "the report's title" },
      ...platform,
      ...registry,
    },
    examples: [
      'report node:18 --pdf -o report.pdf',
      'report app:1 --compare app:1-lean -o compare.md',
      'report ./image.tar --json -o report.json',
      'report registry://ghcr.io/team/app:1 --compare app:1 -o remote-vs-local.md',
    ],
    load: async () => (await import('../actions/report')).run,
  },
  {
    name: 'ci',
    summary: 'the size gate: efficiency, waste, size, layers, forbidden findings; exit 1 when a rule fails',
    description:
      "Checks an image against size rules and prints each rule PASS, FAIL or SKIP with its figure; exits 1 when a\nrule fails. Without --config it reads .layerlens-ci.yaml, then dive's .dive-ci, from the current folder, and\notherwise uses dive's default rules.",
    args: imageArg,
    positionals: { min: 1, max: 1, names: imageNames },
    flags: {
      config: { type: 'string', value: 'FILE', help: "the rules: LayerLens YAML or dive's .dive-ci" },
      junit: { type: 'string', value: 'FILE', help: 'also write the result as JUnit XML, for CI test reports' },
      ...platform,
      ...registry,
    },
    examples: ['ci app:1', 'ci ./image.tar --config .dive-ci --junit gate.xml', 'ci --source registry registry.example.com/team/app:1'],
    load: async () => (await import('../actions/ci')).run,
  },
];
