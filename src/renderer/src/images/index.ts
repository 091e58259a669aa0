/** The images list and the picker other pages use to choose an image (images.css styles them). */
import './images.css';

export { ImagesPage } from './ImagesPage';
export { defaultListView, type ListView } from './images-model';
export { useImageFacts, useImages } from './useImages';
export { isRegistryRef } from './registry-ref';
