/** The shell: the connection bar, then the page the address names once the server and the engine answer. */
import { useState } from 'react';
import { ComparePage } from './compare';
import { ConnectionBar } from './components/ConnectionBar';
import { EnginePanel } from './components/EnginePanel';
import { LinkPanel } from './components/LinkPanel';
import { Spinner } from './components/Spinner';
import { useLink } from './hooks/bridge-context';
import { useAppInfo } from './hooks/useAppInfo';
import { useConnection } from './hooks/useConnection';
import { ImagePage, RegistryImagePage } from './image';
import { defaultListView, ImagesPage, isRegistryRef, useImageFacts, useImages, type ListView } from './images';
import { RebuildRoute } from './rebuild';
import { ReportRoute } from './report';
import { backToList, openCompare, openImage, useRoute } from './router/routes';

export function App() {
  const app = useAppInfo();
  const link = useLink();
  const connection = useConnection();
  const route = useRoute();
  const live = connection.status?.state === 'connected' && link.kind === 'ok';
  // The list lives here, not in its page, so it stays loaded (and live) while an image is open.
  const images = useImages(live);
  const facts = useImageFacts(live);
  const [listView, setListView] = useState<ListView>(defaultListView);
  const [lastOpened, setLastOpened] = useState<string>();
  const list = images.value?.images;

  const open = (id: string) => {
    setLastOpened(id);
    openImage(id);
  };

  const content = () => {
    if (route.page === 'report') return <ReportRoute address={route.address} />; // before the engine gate: a report of an archive needs none
    if (link.kind !== 'ok') return <LinkPanel link={link} onRetry={() => void connection.refresh()} />;
    if (!connection.status || connection.status.state === 'connecting') return <Spinner label="Connecting to the container engine…" />;
    if (connection.status.state === 'disconnected') return <EnginePanel status={connection.status} onRetry={connection.reconnect} />;
    switch (route.page) {
      case 'rebuild':
        return <RebuildRoute route={route.route} hash={route.hash} images={list} />;
      case 'image':
        // Read in place from a registry: the analysis only (the engine has nothing to inspect).
        if (isRegistryRef(route.id)) return <RegistryImagePage key={route.id} id={route.id} onBack={backToList} />;
        return <ImagePage key={route.id} id={route.id} onBack={backToList} images={list} onCompare={openCompare} onOpen={open} />;
      case 'compare':
        return <ComparePage key={`${route.a}|${route.b}`} a={route.a} b={route.b} images={list} onChange={openCompare} onBack={backToList} />;
      case 'images':
        return <ImagesPage images={images} facts={facts} view={listView} onViewChange={setListView} onOpen={open} focusId={lastOpened} />;
    }
  };

  return (
    <div className="app">
      <ConnectionBar app={app} status={connection.status} linkOk={link.kind === 'ok'} />
      <main className="content">{content()}</main>
    </div>
  );
}
