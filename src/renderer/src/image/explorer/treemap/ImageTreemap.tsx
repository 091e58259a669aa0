/**
 * The treemap of the current place: a few hundred rectangles from `getTreemap`, area = bytes. Click or
 * Enter opens a folder (in the same view), the breadcrumb and Backspace go up; arrows move between the
 * groups. The treemap handles its own keys: page navigation never fires while it has the focus.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { AnalyzedLayer } from '../../../../../shared/analysis';
import type { Treemap as TreemapAnswer } from '../../../../../shared/explore';
import { toErrorData, type ApiErrorData } from '../../../../../shared/errors';
import { formatBytes } from '../../../../../shared/format';
import { useClient } from '../../../hooks/bridge-context';
import { shareText } from '../../../lib/share';
import { categoryNames, type ColorBy } from '../../colors';
import { byLayer, drillTarget, statusFrame, treemapRequest, upTarget, type Move, type Part, type Place, type View } from '../place';
import { Breadcrumb } from './Breadcrumb';
import { NodeDetails, nodeTitle } from './NodeDetails';
import { chartGroups, indexNodes } from './treemap-data';
import { TreemapChart } from './TreemapChart';
import { TreemapLegend } from './TreemapLegend';

interface Props {
  imageId: string;
  layers: AnalyzedLayer[];
  place: Place;
  part: Part;
  /** The whole image as the user last chose it (by folder or by layer), for the way back up. */
  wholeImage: View;
  baseLayers: number;
  baseName?: string;
  onNavigate: (move: Move) => void;
  colorBy: ColorBy;
  /** Controls above the chart (colouring). */
  toolbar: ReactNode;
}

const maxNodes = 300;
const chartHeight = 380;

export function ImageTreemap({ imageId, layers, place, part, wholeImage, baseLayers, baseName, onNavigate, colorBy, toolbar }: Props) {
  const client = useClient();
  const request = useMemo(() => treemapRequest(place, part, layers.length - 1), [place, part, layers.length]);
  const key = JSON.stringify(request);
  const [result, setResult] = useState<{ key: string; answer?: TreemapAnswer; error?: ApiErrorData }>();
  const [width, setWidth] = useState(0);
  const [focusIndex, setFocusIndex] = useState(0);
  const [hover, setHover] = useState<{ id: string; x: number; y: number }>();
  const [boxFocused, setBoxFocused] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const requested = useRef<string>('');
  // The last answer stays on screen until the next one arrives: no blank frame, no layout jump.
  const [answer, setAnswer] = useState<TreemapAnswer>();
  const error = result?.key === key ? result.error : undefined;
  const loading = result?.key !== key;
  const ownOnly = part === 'own' && byLayer(place.view, part);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    requested.current = key;
    performance.mark('layerlens:treemap-request');
    client.getTreemap(imageId, { ...request, maxNodes }).then(
      (next) => {
        if (requested.current !== key) return;
        setResult({ key, answer: next });
        setAnswer(next);
        setFocusIndex(0);
        setHover(undefined);
      },
      (failure: unknown) => {
        if (requested.current === key) setResult({ key, error: toErrorData(failure) });
      },
    );
  }, [client, imageId, key, request]);

  // Marks for the benchmark: the frame after a treemap answer has been drawn.
  useEffect(() => {
    if (!answer) return;
    // rAF runs before the frame is painted; a task queued from it runs after.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => performance.mark('layerlens:treemap-painted', { detail: { path: answer.path, layer: answer.layer } }));
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [answer]);

  const groups = useMemo(() => (answer ? chartGroups(answer, layers, ownOnly ? baseLayers : 0) : []), [answer, layers, ownOnly, baseLayers]);
  const index = useMemo(() => indexNodes(groups), [groups]);
  const focused = groups[Math.min(focusIndex, groups.length - 1)];
  const shownBytes = groups.reduce((sum, group) => sum + group.bytes, 0);

  const drill = useCallback(
    (id: string) => {
      const hit = index.get(id);
      if (!hit) return;
      const move = drillTarget(place, part, hit.node, hit.parent);
      if (move) onNavigate(move);
    },
    [index, place, part, onNavigate],
  );

  const onHover = useCallback((id: string | undefined, x: number, y: number) => setHover(id ? { id, x, y } : undefined), []);

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Backspace') {
      // The treemap's own "up"; at the top it does nothing (the page's Backspace needs the focus elsewhere).
      event.preventDefault();
      const up = upTarget(place, wholeImage);
      if (up) onNavigate({ to: up });
      return;
    }
    if (groups.length === 0) return;
    const move = (delta: number) => {
      event.preventDefault();
      setFocusIndex((i) => Math.max(0, Math.min(groups.length - 1, i + delta)));
    };
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Home') move(-groups.length);
    else if (event.key === 'End') move(groups.length);
    else if (event.key === 'Enter' && focused) {
      event.preventDefault();
      drill(focused.id);
    }
  };

  const chart = useMemo(
    () =>
      answer && width > 0 ? (
        <TreemapChart
          data={groups}
          width={width}
          height={chartHeight}
          colorBy={colorBy}
          baseLayers={baseLayers}
          focusedId={boxFocused ? focused?.id : undefined}
          onClickNode={drill}
          onHover={onHover}
        />
      ) : null,
    [answer, groups, width, colorBy, baseLayers, boxFocused, focused?.id, drill, onHover],
  );

  const hovered = hover ? index.get(hover.id)?.node : undefined;
  const detailNode = hovered ?? focused;
  const frame = statusFrame(place.view);
  const clickHint = (node: typeof hovered) => {
    if (!node) return undefined;
    if (byLayer(place.view, part)) return `Click: open layer ${node.layer} alone`;
    return node.drillable ? 'Click: open this folder' : undefined;
  };

  return (
    <div className="treemap-panel" data-testid="treemap">
      <div className="treemap-toolbar">
        <Breadcrumb place={place} wholeImage={wholeImage} onNavigate={(to) => onNavigate({ to })} />
        {toolbar}
      </div>
      <div
        className={loading ? 'treemap-box loading' : 'treemap-box'}
        ref={box}
        style={{ height: chartHeight }}
        tabIndex={0}
        role="group"
        aria-label="Treemap: arrows move between rectangles, Enter opens, Backspace goes up"
        data-own-keys=""
        data-testid="treemap-box"
        data-path={answer?.path}
        data-view={place.view.kind}
        data-by={place.view.kind === 'image' ? (byLayer(place.view, part) ? 'layer' : 'folder') : ''}
        data-layer={place.view.kind === 'image' ? '' : place.view.layer}
        data-ready={answer && !loading ? 'true' : 'false'}
        onKeyDown={onKey}
        onFocus={() => setBoxFocused(true)}
        onBlur={() => setBoxFocused(false)}
      >
        {chart}
        {answer && groups.length === 0 && !error && (
          <p className="muted treemap-empty">{ownOnly ? 'Your build stores no bytes.' : 'Nothing stored here.'}</p>
        )}
        {error && <p className="inline-error treemap-empty">Could not draw the treemap: {error.message}</p>}
        {hover && hovered && (
          <div className="chart-tooltip treemap-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="treemap-tooltip">
            <NodeDetails
              node={hovered}
              layers={layers}
              imageBytes={answer?.imageBytes ?? 0}
              baseLayers={baseLayers}
              frame={frame}
              clickHint={clickHint(hovered)}
            />
          </div>
        )}
      </div>
      <div className="treemap-details" data-testid="treemap-details" aria-live="polite">
        {detailNode && answer ? (
          <span>
            <strong>{nodeTitle(detailNode)}</strong> · {formatBytes(detailNode.bytes)} · {shareText(detailNode.bytes, answer.imageBytes)} of the image
            · layer {detailNode.layer}
            {detailNode.category && ` · ${categoryNames[detailNode.category]}`}
          </span>
        ) : (
          <span className="muted">{error ? '' : 'Loading…'}</span>
        )}
        {answer && ownOnly && <span className="muted"> · shown: {formatBytes(shownBytes)} your build stores</span>}
      </div>
      <TreemapLegend colorBy={colorBy} groups={groups} layers={layers} baseLayers={baseLayers} baseName={baseName} />
    </div>
  );
}
