/**
 * Splits a simple shell command into words, the way /bin/sh would, or returns null when the command needs a
 * shell (pipes, &&, redirections, variables, globs, subshells): then converting it to exec form would change
 * what it does.
 */
export function simpleShellWords(command: string): string[] | null {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  const text = command.trim();
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return null;
      current += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '$' || text[j] === '`') return null;
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) return null;
      current += value;
      inWord = true;
      i = j + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i++;
    } else if (/[|&;<>()$`*?[\]{}~#]/.test(c) || (c === '=' && !inWord)) {
      return null;
    } else {
      current += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(current);
  if (words.length === 0) return null;
  // `FOO=bar node x` sets a variable for the command: that needs a shell (or ENV).
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) return null;
  return words;
}

/** Exec-form JSON for a Dockerfile line: ["node", "server.js"]. */
export function execJson(words: string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}
