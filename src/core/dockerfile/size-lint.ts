/**
 * Size lint for any Dockerfile: the habits that make images big (apt lists kept, recommends installed,
 * pip/apk caches, `rm` in a later layer that only hides bytes, ADD of URLs, `COPY . .` before the dependency
 * install, consecutive RUNs). Each finding has a fix; mechanical fixes come with the rewritten instruction.
 */
import type { ParsedDockerfile, ParsedInstruction } from './parse-dockerfile';
import type { LintFinding } from '../../shared/rebuild';

const installCommand =
  /\b(npm (ci|install|i)\b|yarn( install)?\b|pnpm install|pip3? install -r|pip3? install .*requirements|bundle install|go mod download|composer install|poetry install|cargo fetch)/;

function runText(instruction: ParsedInstruction): string {
  return instruction.json ? instruction.json.join(' ') : instruction.args;
}

function rewriteRun(instruction: ParsedInstruction, transform: (command: string) => string): string | undefined {
  if (instruction.json) return undefined;
  const flags = Object.entries(instruction.flags)
    .map(([k, v]) => (v === null ? `--${k} ` : `--${k}=${v} `))
    .join('');
  return `RUN ${flags}${transform(instruction.args)}`;
}

export function lintDockerfile(parsed: ParsedDockerfile): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const stage of parsed.stages) {
    let previous: ParsedInstruction | undefined;
    let copiedAll: ParsedInstruction | undefined;
    const earlierWrites: string[] = [];
    for (const instruction of stage.instructions) {
      const { keyword } = instruction;
      if (keyword === 'RUN') {
        const text = runText(instruction);
        if (/apt-get (-\S+ )*install/.test(text) && !/--no-install-recommends/.test(text)) {
          findings.push({
            rule: 'apt-no-install-recommends',
            severity: 'warning',
            line: instruction.line,
            message: 'apt-get install pulls in recommended packages too',
            fix: 'add --no-install-recommends',
            fixedText: rewriteRun(instruction, (c) => c.replace(/apt-get ((?:-\S+ )*)install/g, 'apt-get $1install --no-install-recommends')),
          });
        }
        if (/apt-get (-\S+ )*install/.test(text) && !/rm -rf \/var\/lib\/apt\/lists/.test(text)) {
          findings.push({
            rule: 'apt-lists-not-removed',
            severity: 'warning',
            line: instruction.line,
            message: 'the apt package lists (tens of MB) stay in this layer',
            fix: 'end the same RUN with && rm -rf /var/lib/apt/lists/*',
            fixedText: rewriteRun(instruction, (c) => `${c.trimEnd()} \\\n    && rm -rf /var/lib/apt/lists/*`),
          });
        }
        if (/\bpip3? install\b/.test(text) && !/--no-cache-dir/.test(text) && !/PIP_NO_CACHE_DIR/.test(parsed.text)) {
          findings.push({
            rule: 'pip-cache',
            severity: 'warning',
            line: instruction.line,
            message: 'pip keeps its download cache in the layer',
            fix: 'add --no-cache-dir',
            fixedText: rewriteRun(instruction, (c) => c.replace(/\b(pip3?) install\b/g, '$1 install --no-cache-dir')),
          });
        }
        if (/\bapk add\b/.test(text) && !/--no-cache/.test(text)) {
          findings.push({
            rule: 'apk-cache',
            severity: 'warning',
            line: instruction.line,
            message: 'apk keeps its index cache in the layer',
            fix: 'use apk add --no-cache',
            fixedText: rewriteRun(instruction, (c) => c.replace(/\bapk add\b/g, 'apk add --no-cache')),
          });
        }
        const rm = /^\s*rm\s+(-\w+\s+)*(.+)$/.exec(text);
        if (rm && earlierWrites.length > 0) {
          findings.push({
            rule: 'rm-in-separate-layer',
            severity: 'warning',
            line: instruction.line,
            message: 'rm in its own layer only hides the files: their bytes stay in the earlier layer',
            fix: 'delete the files in the same RUN that creates them (or do not copy them in)',
          });
        }
        if (installCommand.test(text) && copiedAll && !findings.some((f) => f.rule === 'copy-all-before-install' && f.line === copiedAll!.line)) {
          findings.push({
            rule: 'copy-all-before-install',
            severity: 'info',
            line: copiedAll.line,
            message: `COPY . . comes before the dependency install on line ${instruction.line}: any source change reinstalls every dependency`,
            fix: 'copy only the dependency manifests first, install, then copy the sources',
          });
        }
        if (previous?.keyword === 'RUN' && !previous.json && !instruction.json) {
          findings.push({
            rule: 'consecutive-runs',
            severity: 'info',
            line: instruction.line,
            message: `this RUN follows the RUN on line ${previous.line}: each is a layer`,
            fix: 'join them with && into one RUN (and clean up in it)',
          });
        }
        earlierWrites.push(text);
      } else if (keyword === 'ADD' && /(^|\s)https?:\/\//.test(instruction.args)) {
        findings.push({
          rule: 'add-url',
          severity: 'warning',
          line: instruction.line,
          message: 'ADD of a URL keeps the download in its own layer, even if a later RUN unpacks or deletes it',
          fix: 'download, unpack and delete in one RUN (curl … && tar … && rm …), or COPY a local file',
        });
      } else if ((keyword === 'COPY' || keyword === 'ADD') && !('from' in instruction.flags)) {
        const sources = instruction.args.split(/\s+/).slice(0, -1);
        if (sources.includes('.') || sources.includes('./')) copiedAll ??= instruction;
        earlierWrites.push(instruction.args);
      }
      previous = instruction;
    }
  }
  return findings.sort((a, b) => a.line - b.line);
}

/** The Dockerfile with every mechanical fix applied (one instruction may get several), or null if none. */
export function applyLintFixes(text: string, parsed: ParsedDockerfile, findings: LintFinding[]): string | null {
  const byLine = new Map<number, ParsedInstruction>();
  for (const instruction of parsed.instructions) byLine.set(instruction.line, instruction);
  const fixedLines = new Set(findings.filter((f) => f.fixedText).map((f) => f.line));
  if (fixedLines.size === 0) return null;
  const lines = text.split('\n');
  for (const line of [...fixedLines].sort((a, b) => b - a)) {
    const instruction = byLine.get(line);
    if (!instruction || instruction.json) continue;
    let command = instruction.args;
    for (const finding of findings.filter((f) => f.line === line && f.fixedText)) {
      command = fixCommand(finding.rule, command);
    }
    const flags = Object.entries(instruction.flags)
      .map(([k, v]) => (v === null ? `--${k} ` : `--${k}=${v} `))
      .join('');
    const pretty = command.split(/\s*&&\s*/).join(' \\\n    && ');
    lines.splice(line - 1, instruction.endLine - line + 1, `RUN ${flags}${pretty}`);
  }
  return lines.join('\n');
}

export function fixCommand(rule: LintFinding['rule'], command: string): string {
  switch (rule) {
    case 'apt-no-install-recommends':
      return command.replace(/apt-get ((?:-\S+ )*)install/g, 'apt-get $1install --no-install-recommends');
    case 'apt-lists-not-removed':
      return `${command.trimEnd()} && rm -rf /var/lib/apt/lists/*`;
    case 'pip-cache':
      return command.replace(/\b(pip3?) install\b/g, '$1 install --no-cache-dir');
    case 'apk-cache':
      return command.replace(/\bapk add\b/g, 'apk add --no-cache');
    default:
      return command;
  }
}
