/** The final filesystem as an attacker sees it: user, shells, package managers, compilers, setuid files, packages. */
import { useMemo, useState } from 'react';
import type { AttackSurface } from '../../../shared/analysis';
import { plural } from '../lib/plural';

function ListFact({ label, items, testId, warn }: { label: string; items: string[]; testId: string; warn?: boolean }) {
  return (
    <div className="surface-fact" data-testid={testId}>
      <dt>
        {label} <span className={items.length > 0 && warn ? 'count warn' : 'count'}>{items.length}</span>
      </dt>
      <dd>
        {items.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="chip-list">
            {items.slice(0, 40).map((item) => (
              <li key={item} className="mono chip">
                {item}
              </li>
            ))}
            {items.length > 40 && <li className="muted small">and {items.length - 40} more</li>}
          </ul>
        )}
      </dd>
    </div>
  );
}

export function AttackSurfacePanel({ surface }: { surface: AttackSurface }) {
  const [filter, setFilter] = useState('');
  const packages = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (surface.osPackages?.packages ?? []).filter((pkg) => !needle || pkg.name.toLowerCase().includes(needle));
  }, [surface, filter]);
  return (
    <div className="surface-panel" data-testid="attack-surface">
      <p className={surface.runsAsRoot ? 'note' : 'note ok'} data-testid="runs-as">
        {surface.runsAsRoot
          ? `Runs as root${surface.user ? ` (USER ${surface.user})` : ' (no USER set)'}: a compromised process owns the container.`
          : `Runs as ${surface.user}, not root.`}
      </p>
      <dl className="surface-facts">
        <ListFact label="Shells" items={surface.shells} testId="surface-shells" warn />
        <ListFact label="Package managers" items={surface.packageManagers} testId="surface-package-managers" warn />
        <ListFact label="Compilers" items={surface.compilers} testId="surface-compilers" warn />
        <ListFact label="Setuid files" items={surface.setuidFiles} testId="surface-setuid" warn />
        <ListFact label="Setgid files" items={surface.setgidFiles} testId="surface-setgid" warn />
        <ListFact label="World-writable directories (no sticky bit)" items={surface.worldWritableDirs} testId="surface-world-writable" warn />
        <ListFact label="World-writable directories (sticky)" items={surface.worldWritableStickyDirs} testId="surface-sticky" />
      </dl>
      <p className="muted">
        {plural(surface.fileCount, 'file')}, {plural(surface.executableCount, 'executable')}.
      </p>
      <div className="packages">
        <div className="toolbar">
          <h3>
            OS packages{' '}
            <span className="muted">
              {surface.osPackages ? `${surface.osPackages.count} (${surface.osPackages.manager})` : 'no package database found'}
            </span>
          </h3>
          {surface.osPackages && (
            <input
              type="search"
              className="filter"
              placeholder="Filter packages"
              aria-label="Filter packages"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
          )}
        </div>
        {surface.osPackages && (
          <ul className="package-grid" data-testid="packages">
            {packages.map((pkg) => (
              <li key={pkg.name}>
                <span className="mono">{pkg.name}</span> <span className="muted small">{pkg.version}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
