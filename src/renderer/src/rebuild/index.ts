/** The rebuild wizard (a lean multi-stage image from a build context, verified): its route, its page and the buttons that open it. */
import './rebuild.css';

export { isRebuildHash, rebuildHash } from './rebuild-route';
export { RebuildRoute } from './RebuildRoute';
export { OptimizeFolderButton, RebuildImageButton } from './EntryButtons';
