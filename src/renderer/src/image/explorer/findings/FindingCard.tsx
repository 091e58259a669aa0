/** One finding: what, how many bytes, where (a link that selects the layer), its largest files (links into the tree), the fix. */
import type { Finding } from '../../../../../shared/analysis';
import type { BaseImageInfo } from '../../../../../shared/contract';
import { formatBytes } from '../../../../../shared/format';
import { CodeText } from '../../../components/CodeText';
import { plural } from '../../../lib/plural';
import { shareText } from '../../../lib/share';
import { categoryColors, categoryNames } from '../../colors';

interface Props {
  finding: Finding;
  index: number;
  imageBytes: number;
  smallerBases: BaseImageInfo['smaller'];
  onSelectLayer: (layer: number) => void;
  onRevealFile: (path: string, finding: Finding) => void;
}

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

export function FindingCard({ finding, index, imageBytes, smallerBases, onSelectLayer, onRevealFile }: Props) {
  const more = finding.fileCount - finding.files.length;
  return (
    <li className="finding" data-testid="finding" data-category={finding.category} data-in-base={finding.inBase ? 'true' : 'false'}>
      <div className="finding-head">
        <span className="category-chip" style={{ background: categoryColors[finding.category] }}>
          {categoryNames[finding.category]}
        </span>
        {finding.inBase && (
          <span className="badge badge-base" data-testid="finding-in-base" title="No instruction of your Dockerfile made this layer">
            in the base image
          </span>
        )}
        <h3 className="finding-title">
          <CodeText text={finding.title} />
        </h3>
        <span className="finding-bytes numeric" data-testid="finding-bytes">
          {formatBytes(finding.bytes)}
          <span className="muted small"> · {shareText(finding.bytes, imageBytes)}</span>
        </span>
      </div>
      {finding.layerIndex >= 0 ? (
        <button
          className="link-button finding-layer"
          data-testid="finding-layer"
          onClick={() => onSelectLayer(finding.layerIndex)}
          title="Show this layer in the treemap and the files"
        >
          Layer {finding.layerIndex}: <code>{shorten(finding.instruction, 140)}</code>
        </button>
      ) : (
        <p className="muted small finding-layer">Across the whole image</p>
      )}
      {finding.files.length > 0 && (
        <ul className="finding-files" aria-label={`Files of finding ${index + 1}`}>
          {finding.files.map((file) => (
            <li key={file.path}>
              <button
                className="link-button mono finding-file"
                data-testid="finding-file"
                title="Show in the file tree"
                onClick={() => onRevealFile(file.path, finding)}
              >
                {file.path}
              </button>
              <span className="numeric muted">{formatBytes(file.bytes)}</span>
            </li>
          ))}
          {more > 0 && <li className="muted small">and {plural(more, 'more file')}</li>}
        </ul>
      )}
      <p className="finding-fix" data-testid="finding-fix">
        <strong>Fix:</strong> <CodeText text={finding.fix} />
      </p>
      {finding.inBase && smallerBases.length > 0 && (
        <p className="muted small" data-testid="finding-smaller-bases">
          Smaller bases on this machine: {smallerBases.map((base) => `${base.name} (${formatBytes(base.sizeBytes)})`).join(', ')}.
        </p>
      )}
    </li>
  );
}
