import { useState } from 'react';
import { ConnectionBar } from './components/ConnectionBar';
import { EnginePanel } from './components/EnginePanel';
import { LinkPanel } from './components/LinkPanel';
import { Spinner } from './components/Spinner';
import { useLink } from './hooks/bridge-context';
import { useAppInfo } from './hooks/useAppInfo';
import { useConnection } from './hooks/useConnection';
import { backToList, openCompare, openImage, useHashRoute } from './hooks/useHashRoute';
import { useImages } from './hooks/useImages';
import { defaultListView, type ListView } from './model/images';
import { ComparePage } from './pages/ComparePage';
import { ImagePage } from './pages/ImagePage';
import { ImagesPage } from './pages/ImagesPage';
import { isReportHash, ReportRoute } from './report';
import { isRebuildHash, RebuildRoute } from './rebuild';

export function App() {
  const app = useAppInfo();
  const link = useLink();
  const connection = useConnection();
  const route = useHashRoute();
  const engineState = connection.status?.state;
  // The list lives here, not in its page, so it stays loaded (and live) while an image is open.
  const images = useImages(engineState === 'connected' && link.kind === 'ok');
  const [listView, setListView] = useState<ListView>(defaultListView);
  const [lastOpened, setLastOpened] = useState<string>();

  const open = (id: string) => {
    setLastOpened(id);
    openImage(id);
  };

  const content = () => {
    if (isReportHash(location.hash)) return <ReportRoute />; // before the engine gate: a report of an archive needs none
    if (link.kind !== 'ok') return <LinkPanel link={link} onRetry={() => void connection.refresh()} />;
    if (!connection.status || engineState === 'connecting') return <Spinner label="Connecting to the container engine…" />;
    if (engineState === 'disconnected') return <EnginePanel status={connection.status} onRetry={connection.reconnect} />;
    if (isRebuildHash(location.hash)) return <RebuildRoute images={images.list?.images} />; // #/rebuild, #/rebuild/image/<ref>
    if (route.page === 'image') {
      return <ImagePage key={route.id} id={route.id} onBack={backToList} images={images.list?.images} onCompare={openCompare} />;
    }
    if (route.page === 'compare') {
      return <ComparePage key={`${route.a}|${route.b}`} a={route.a} b={route.b} images={images.list?.images} onChange={openCompare} onBack={backToList} />;
    }
    return (
      <ImagesPage images={images} view={listView} onViewChange={setListView} onOpen={open} focusId={lastOpened} />
    );
  };

  return (
    <div className="app">
      <ConnectionBar app={app} status={connection.status} linkOk={link.kind === 'ok'} />
      <main className="content">{content()}</main>
    </div>
  );
}
