/** The ways into the wizard: "Rebuild as multi-stage" on an image, "Optimize a Dockerfile…" on the list. */
import { rebuildHash } from './rebuild-route';

export function RebuildImageButton({ imageRef }: { imageRef: string }) {
  return (
    <a
      href={rebuildHash(imageRef)}
      className="button"
      data-testid="rebuild-image"
      title="Propose a lean multi-stage Dockerfile for this image, build it and verify it"
    >
      Rebuild as multi-stage
    </a>
  );
}

export function OptimizeFolderButton() {
  return (
    <a
      href={rebuildHash()}
      className="button"
      data-testid="optimize-folder"
      title="Open a folder with a Dockerfile and propose a lean multi-stage one"
    >
      Optimize a Dockerfile…
    </a>
  );
}
