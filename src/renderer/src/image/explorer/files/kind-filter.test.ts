import { describe, expect, it } from 'vitest';
import { entryShown, everyKind, showsEverything } from './kind-filter';

const file = (status: 'added' | 'modified' | 'removed' | 'unmodified') => ({
  kind: 'file' as const,
  childCount: 0,
  status,
  changedCount: status === 'unmodified' ? 0 : 1,
});
const folder = (changedCount: number) => ({ kind: 'dir' as const, childCount: 3, status: 'unmodified' as const, changedCount });

describe('the Files tab filters', () => {
  it('shows every entry by default', () => {
    expect(showsEverything(everyKind)).toBe(true);
    expect(['added', 'modified', 'removed', 'unmodified'].every((s) => entryShown(file(s as 'added'), everyKind))).toBe(true);
  });

  it('keeps only the kinds asked for, and the folders with a change below', () => {
    const addedOnly = { added: true, modified: false, removed: false, unmodified: false };
    expect(entryShown(file('added'), addedOnly)).toBe(true);
    expect(entryShown(file('modified'), addedOnly)).toBe(false);
    expect(entryShown(file('unmodified'), addedOnly)).toBe(false);
    expect(entryShown(folder(2), addedOnly)).toBe(true);
    expect(entryShown(folder(0), addedOnly)).toBe(false);
    expect(entryShown(folder(0), { ...addedOnly, unmodified: true })).toBe(true);
    expect(showsEverything(addedOnly)).toBe(false);
  });
});
