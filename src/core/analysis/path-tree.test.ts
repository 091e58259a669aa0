import { describe, expect, it } from 'vitest';
import { noId, PathTree, stringHash } from './path-tree';

/** A tree whose paths come from a list (the owner's rows) or are kept by the tree itself. */
function treeOver(paths: string[]): PathTree {
  return new PathTree((source) => paths[source]);
}

describe('PathTree', () => {
  it('gives a path one id, found again by an equal string, whoever holds the path', () => {
    const rows = ['/a', '/a/b'];
    const tree = treeOver(rows);
    const a = tree.idOrAdd('/a', 0);
    const b = tree.idOrAdd(['/a', 'b'].join('/'), 1);
    const implied = tree.idOrAdd('/x');
    expect([a, b, implied]).toEqual([0, 1, 2]);
    expect(tree.idOrAdd('/a/b', 1)).toBe(b);
    expect(tree.id(`/${'x'}`)).toBe(implied);
    expect(tree.id('/nope')).toBe(noId);
    expect([tree.path(b), tree.path(implied)]).toEqual(['/a/b', '/x']);
  });

  it('keeps children in the order linked, and unlinks the first, a middle and the last', () => {
    const tree = treeOver([]);
    const parent = tree.idOrAdd('/p');
    const kids = ['/p/1', '/p/2', '/p/3', '/p/4'].map((path) => tree.idOrAdd(path));
    for (const kid of kids) tree.link(kid, parent);
    tree.link(kids[0], parent); // linked already: stays where it is
    const order = () => [...tree.children(parent)].map((id) => tree.path(id));
    expect(order()).toEqual(['/p/1', '/p/2', '/p/3', '/p/4']);
    tree.unlink(kids[1]);
    expect(order()).toEqual(['/p/1', '/p/3', '/p/4']);
    tree.unlink(kids[0]);
    tree.unlink(kids[3]);
    expect(order()).toEqual(['/p/3']);
    expect([tree.isLinked(kids[0]), tree.isLinked(kids[2])]).toEqual([false, true]);
    tree.link(kids[0], parent);
    expect(order()).toEqual(['/p/3', '/p/1']);
  });

  it('tells apart long paths that share their hash, and finds every id after growing', () => {
    const middle = (i: number) => `/${'a'.repeat(300)}${String(i).padStart(4, '0')}${'b'.repeat(300)}`;
    expect(stringHash(middle(1))).toBe(stringHash(middle(2))); // only the middle differs: one hash
    const tree = treeOver([]);
    const ids = Array.from({ length: 3000 }, (_, i) => tree.idOrAdd(i < 100 ? middle(i) : `/f/${i}`));
    expect(new Set(ids).size).toBe(3000);
    for (let i = 0; i < 3000; i += 7) expect(tree.id(i < 100 ? middle(i) : `/f/${i}`)).toBe(ids[i]);
  });

  it('hashes a path 50 000 directories deep by its length and ends (hostile-depth tests run the chain)', () => {
    const deep = '/d'.repeat(50_000);
    expect(stringHash(deep)).not.toBe(stringHash(`${deep}/d`));
    expect(stringHash(`${deep.slice(0, 40_000)}/x${deep.slice(40_002)}`)).toBe(stringHash(deep)); // a middle change is not read
  });
});
