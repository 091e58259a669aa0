/**
 * Maps the engine's image history onto the image's layers. With the image's config (stored by an earlier
 * analysis) the mapping is exact: its history says which steps made no layer (`empty_layer`), the rule the
 * analysis and reports use too. Without it (the Engine API's history has no such flag), a step is a layer
 * when it has bytes, and zero-byte steps are matched by what they are (RUN/COPY/ADD always make a layer,
 * WORKDIR sometimes, ENV/CMD/LABEL… never) until the counts agree; a choice left open is marked inexact.
 */
import type { LayerInfo, MetadataStep } from '../../shared/contract';

export interface HistoryStep {
  createdBy: string;
  /** Unix seconds. */
  created: number;
  sizeBytes: number;
  comment?: string;
}

export interface LayerMapping {
  layers: LayerInfo[];
  metadataSteps: MetadataStep[];
  exact: boolean;
}

const metadataKeywords = /^(ENV|CMD|LABEL|EXPOSE|ENTRYPOINT|USER|ARG|STOPSIGNAL|HEALTHCHECK|VOLUME|SHELL|ONBUILD|MAINTAINER)\b/i;
const keywords = /^(FROM|RUN|COPY|ADD|WORKDIR|ENV|CMD|LABEL|EXPOSE|ENTRYPOINT|USER|ARG|STOPSIGNAL|HEALTHCHECK|VOLUME|SHELL|ONBUILD|MAINTAINER)\b/;

/** `/bin/sh -c #(nop)  CMD ["node"]` -> `CMD ["node"]`; `/bin/sh -c apt-get …` -> `RUN apt-get …`. */
export function cleanInstruction(createdBy: string): string {
  let text = createdBy.trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop) return text.slice(nop[0].length).trim();
  const shell = /^(\/bin\/(ba)?sh) -c /.exec(text);
  if (shell) return `RUN ${text.slice(shell[0].length).trim()}`;
  // BuildKit writes "RUN /bin/sh -c cmd # buildkit": drop the shell and the marker.
  text = text.replace(/ # buildkit$/, '');
  const runShell = /^RUN \/bin\/(ba)?sh -c /.exec(text);
  if (runShell) return `RUN ${text.slice(runShell[0].length).trim()}`;
  // The legacy builder records an exec-form RUN as its bare command words.
  return text && !keywords.test(text) ? `RUN ${text}` : text;
}

function isMetadataStep(step: HistoryStep): boolean {
  const instruction = cleanInstruction(step.createdBy);
  return step.createdBy.includes('#(nop)') ? !/^(ADD|COPY|WORKDIR)\b/.test(instruction) : metadataKeywords.test(instruction);
}

/** RUN, COPY and ADD always make a layer; WORKDIR only when it creates its folder (legacy builder). */
const alwaysLayer = (step: HistoryStep) => !/^WORKDIR\b/.test(cleanInstruction(step.createdBy));

/**
 * @param history oldest first
 * @param layerDigests the rootfs diff IDs, oldest first
 * @param emptyLayer from the image config's history, when known: which steps made no layer
 */
export function mapHistoryToLayers(history: HistoryStep[], layerDigests: string[], emptyLayer?: boolean[]): LayerMapping {
  if (emptyLayer && emptyLayer.length === history.length && emptyLayer.filter((e) => !e).length === layerDigests.length) {
    return assemble(
      history,
      layerDigests,
      emptyLayer.map((e) => !e),
      true,
    );
  }
  const isLayer = history.map((step) => step.sizeBytes > 0);
  let missing = layerDigests.length - isLayer.filter(Boolean).length;
  const zeroByteWriters = history.flatMap((step, i) => (step.sizeBytes === 0 && !isMetadataStep(step) ? [i] : []));
  const candidates = [...zeroByteWriters.filter((i) => alwaysLayer(history[i]!)), ...zeroByteWriters.filter((i) => !alwaysLayer(history[i]!))];
  const sure = candidates.filter((i) => alwaysLayer(history[i]!)).length;
  // Exact when the sized steps are the layers, or when the zero-byte writers fill the gap with no choice left.
  let exact = missing === 0 || missing === candidates.length || (missing === sure && sure > 0);
  for (const i of candidates.slice(0, Math.max(0, missing))) isLayer[i] = true;
  missing = layerDigests.length - isLayer.filter(Boolean).length;
  // An odd history (still short, or more sized steps than layers): take the oldest steps, drop the newest.
  for (let i = 0; i < history.length && missing > 0; i++) {
    if (!isLayer[i]) {
      isLayer[i] = true;
      missing -= 1;
    }
  }
  if (missing < 0) exact = false;
  return assemble(history, layerDigests, isLayer, exact);
}

function assemble(history: HistoryStep[], layerDigests: string[], isLayer: boolean[], exactChoice: boolean): LayerMapping {
  let exact = exactChoice;
  const layers: LayerInfo[] = [];
  const metadataSteps: MetadataStep[] = [];
  history.forEach((step, i) => {
    const created = step.created > 0 ? new Date(step.created * 1000).toISOString() : undefined;
    const instruction = cleanInstruction(step.createdBy);
    if (isLayer[i] && layers.length < layerDigests.length) {
      layers.push({
        index: layers.length,
        digest: layerDigests[layers.length],
        sizeBytes: step.sizeBytes,
        instruction,
        createdBy: step.createdBy,
        created,
        comment: step.comment || undefined,
      });
    } else {
      metadataSteps.push({ afterLayer: layers.length - 1, instruction, created });
    }
  });
  // History shorter than the rootfs (squashed or imported images): the rest are unexplained layers.
  while (layers.length < layerDigests.length) {
    layers.push({
      index: layers.length,
      digest: layerDigests[layers.length],
      sizeBytes: 0,
      instruction: '(no history)',
      createdBy: '',
    });
    exact = false;
  }
  return { layers, metadataSteps, exact };
}
