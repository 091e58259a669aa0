/** Compare with another image, rebuild, export: the image page's actions (none once the image is gone). */
import type { ImageDetail, ImageSummary } from '../../../shared/contract';
import { ImagePicker } from '../images/ImagePicker';
import { RebuildImageButton } from '../rebuild';
import { ExportReportButton } from '../report';

interface Props {
  detail: ImageDetail;
  /** The name the page was opened with. */
  imageRef: string;
  images?: ImageSummary[];
  onCompare: (a: string, b: string) => void;
}

export function BackButton({ onBack }: { onBack: () => void }) {
  return (
    <button className="back-button" data-testid="back-button" onClick={onBack} title="Back to the images (Backspace)">
      ← Images
    </button>
  );
}

export function ImageActions({ detail, imageRef, images, onCompare }: Props) {
  return (
    <div className="page-actions" data-testid="image-actions">
      <ImagePicker
        images={images}
        exclude={[detail.id]}
        onPick={(other) => onCompare(imageRef, other)}
        label="Compare with…"
        panelLabel="Compare with another image"
        testId="compare-with"
        buttonTitle="Pick another image to compare this one with, file by file"
      />
      <RebuildImageButton imageRef={detail.repoTags[0] ?? detail.id} />
      <ExportReportButton source={{ kind: 'engine', ref: imageRef }} />
    </div>
  );
}
