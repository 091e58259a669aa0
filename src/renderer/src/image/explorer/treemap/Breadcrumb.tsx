/** Where the treemap is: the view, then each folder; every step but the last goes back there. */
import { viewName, type Place, type View } from '../place';

export function Breadcrumb({ place, wholeImage, onNavigate }: { place: Place; wholeImage: View; onNavigate: (place: Place) => void }) {
  const parts = place.path.split('/').filter(Boolean);
  const crumbs: { label: string; to: Place }[] = [{ label: 'Whole image', to: { view: wholeImage, path: '/' } }];
  if (place.view.kind !== 'image') crumbs.push({ label: viewName(place.view), to: { view: place.view, path: '/' } });
  parts.forEach((part, i) => crumbs.push({ label: part, to: { view: place.view, path: `/${parts.slice(0, i + 1).join('/')}` } }));
  return (
    <nav className="breadcrumb" aria-label="Treemap location" data-testid="treemap-breadcrumb">
      {crumbs.map((crumb, i) => (
        <span key={`${i}-${crumb.label}`}>
          {i > 0 && <span className="crumb-sep">›</span>}
          {i === crumbs.length - 1 ? (
            <span className="crumb current" aria-current="location">
              {crumb.label}
            </span>
          ) : (
            <button className="link-button crumb" onClick={() => onNavigate(crumb.to)}>
              {crumb.label}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}
