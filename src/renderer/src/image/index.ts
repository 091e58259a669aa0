/** One image's page: the engine's view at once, then the analysis's (image.css styles it). */
import './image.css';

export { ImagePage } from './ImagePage';
export { RegistryImagePage } from './RegistryImagePage';
