/** The one implementation of the LayerLens contract, shared by the app, `serve` and the CLI. */
import type {
  AppInfo,
  ConnectionStatus,
  EventSource,
  ImageDetail,
  ImageFacts,
  ImageList,
  RemovalPreview,
  LayerLensApi,
  LayerLensEvents,
  OperationOptions,
} from '../../shared/contract';
import type { AnalysisOptions, AnalysisSource, ImageAnalysis } from '../../shared/analysis';
import { Emitter } from '../../shared/emitter';
import { LayerLensError } from '../../shared/errors';
import { discoverFromProcess } from '../engine/discovery';
import type { EngineEndpoint } from '../engine/endpoint';
import { EngineConnection } from '../engine/engine-connection';
import { toEngineError } from '../engine/engine-errors';
import path from 'node:path';
import { BaseImageFinder } from '../images/base-image';
import { defaultCacheDir } from '../fs/cache-dir';
import { inspectImage, validateImageRef } from '../images/image-detail';
import { unknownBase } from '../analysis/base-split';
import { listImages } from '../images/image-list';
import { validateSource } from './source-validation';
import type { AnalysisDeps } from '../services/image-analysis';
import type {
  CompareOptions,
  DirectoryListing,
  DirectoryOptions,
  FileDiffOptions,
  FileDiffPage,
  FileLocation,
  ImageComparison,
  SearchOptions,
  SearchResult,
  Treemap,
  TreemapOptions,
} from '../../shared/explore';
import type { ExploreService } from '../services/explore-service';
import { OperationRegistry, type Operation } from '../services/operations';
import { appVersion } from './version';
import type { BuildReportOptions, ExportReportResult, RenderedReport, RenderReportOptions, SizeReport } from '../../shared/report';
import type { ReportService } from '../services/report-service';
import type { HostServices } from '../services/host-services';
import type Docker from 'dockerode';
import type {
  ChooseFolderOptions,
  PlanRebuildOptions,
  RebuildOutcome,
  RebuildPlan,
  RememberedContext,
  RunRebuildRequest,
  VerifySettings,
} from '../../shared/rebuild';
import type { PushImageRequest, PushImageResult, RemoteTagState } from '../../shared/rebuild';
import type { RebuildService } from '../services/rebuild-service';
import type { RegistryOptions } from '../registry/transport';

export interface CoreOptions {
  frontDoor: AppInfo['frontDoor'];
  /** Follow engine events and reconnect by itself; off for one-shot CLI commands. */
  watch: boolean;
  /** An explicit engine host (`--host`, settings); otherwise discovery decides. */
  engineHost?: string;
  resolveEndpoint?: () => EngineEndpoint;
  /** Where layer indexes are cached; default LAYERLENS_CACHE_DIR, then the user's cache folder. */
  cacheDir?: string;
  /** Where settings live (remembered build contexts); default LAYERLENS_CONFIG_DIR, XDG_CONFIG_HOME, ~/.config. */
  configDir?: string;
  /** The dialogs and the PDF printer of the front door (core has none of its own). */
  host?: HostServices;
  /** How registries are reached: insecure ones named by the user, CA folders, the docker config folder. */
  registry?: RegistryOptions;
}

/** A service built on first use: its modules load then, so start-up (the first window, the first page,
 * a CLI command) never waits for code that only a later action uses. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= load());
}

export class LayerLensCore implements LayerLensApi, EventSource {
  private readonly emitter = new Emitter<LayerLensEvents>();
  /** Layer chains of local images, to tell an image's base from its build. */
  private readonly baseFinder: BaseImageFinder;
  private readonly connection: EngineConnection;
  private readonly operations = new OperationRegistry((event) => this.emitter.emit('progress', event));

  constructor(private readonly options: CoreOptions) {
    this.baseFinder = new BaseImageFinder(path.join(options.cacheDir ?? defaultCacheDir(), 'layer-chains.json'));
    this.connection = new EngineConnection({
      resolveEndpoint: options.resolveEndpoint ?? (() => discoverFromProcess(options.engineHost)),
      watch: options.watch,
    });
    this.connection.events.on('status', (status) => this.emitter.emit('connection', status));
    this.connection.events.on('imagesChanged', (change) => this.emitter.emit('imagesChanged', change));
  }

  on: EventSource['on'] = (event, listener) => this.emitter.on(event, listener);

  /** Starts connecting now (the app shows "connecting…" instead of waiting for the first call). */
  start(): Promise<ConnectionStatus> {
    return this.connection.connect();
  }

  close(): void {
    this.connection.close();
  }

  async getAppInfo(): Promise<AppInfo> {
    return { name: 'LayerLens', version: appVersion, frontDoor: this.options.frontDoor };
  }

  async getConnection(): Promise<ConnectionStatus> {
    const status = this.connection.status;
    return status.state === 'connecting' && status.endpoint === 'not yet resolved' ? this.connection.connect() : status;
  }

  reconnect(): Promise<ConnectionStatus> {
    return this.connection.reconnect();
  }

  listImages(): Promise<ImageList> {
    return this.withEngine((docker) => listImages(docker));
  }

  describeImages(): Promise<ImageFacts[]> {
    return this.withEngine(async (docker) => {
      const [{ describeImages }, { LayerIndexCache }, { analysisVersion }] = await Promise.all([
        import('../images/image-facts'),
        import('../archive/layer-cache'),
        import('../analysis/analyze'),
      ]);
      const cache = new LayerIndexCache({ dir: this.options.cacheDir });
      const savingOf = async (id: string) => (await cache.getDerived<ImageAnalysis>(id, analysisVersion))?.potentialSavingBytes ?? null;
      return describeImages(docker, this.baseFinder, savingOf);
    });
  }

  async previewRemoval(refs: string[]): Promise<RemovalPreview> {
    const { previewRemoval } = await import('../images/image-removal');
    return this.withEngine((docker) => previewRemoval(docker, refs));
  }

  async removeImages(refs: string[], confirmedBytes: number): Promise<RemovalPreview> {
    const { removeImages } = await import('../images/image-removal');
    return this.withEngine((docker) => removeImages(docker, refs, confirmedBytes));
  }

  async previewPrune(): Promise<RemovalPreview> {
    const { previewPrune } = await import('../images/image-removal');
    return this.withEngine((docker) => previewPrune(docker));
  }

  async pruneImages(confirmedBytes: number): Promise<RemovalPreview> {
    const { pruneImages } = await import('../images/image-removal');
    return this.withEngine((docker) => pruneImages(docker, confirmedBytes));
  }

  async inspectImage(ref: string, options?: OperationOptions): Promise<ImageDetail> {
    const name = validateImageRef(ref);
    return this.operations.run(options?.operationId, (operation) =>
      this.withEngine(async (docker) => {
        operation.progress('inspect', 0, 1);
        const { labels, ...detail } = await inspectImage(docker, name, operation.signal, (id) => this.cachedEmptyLayers(id));
        const base = await this.baseFinder
          .find(
            docker,
            { id: detail.id, layers: detail.layers.map((l) => l.digest), layerSizes: detail.layers.map((l) => l.sizeBytes), labels },
            operation.signal,
          )
          .catch(() => unknownBase);
        operation.progress('inspect', 1, 1);
        return { ...detail, base };
      }),
    );
  }

  /** What reading and analysing an image needs, for analyses and reports alike. */
  private analysisDeps(): AnalysisDeps {
    return {
      withEngine: (work) => this.withEngine(work),
      cacheDir: this.options.cacheDir,
      registry: this.options.registry,
      // Archives too: their base may be a local image (same diff IDs); without an engine, their labels tell.
      findBase: (image, signal) =>
        this.withEngine((docker) => this.baseFinder.find(docker, image, signal)).catch(() => this.baseFinder.find(undefined, image, signal)),
    };
  }

  /** The `empty_layer` flags of an image's config when an earlier analysis stored it. */
  private async cachedEmptyLayers(imageId: string): Promise<boolean[] | undefined> {
    const { LayerIndexCache } = await import('../archive/layer-cache');
    const cached = await new LayerIndexCache({ dir: this.options.cacheDir }).getConfig(imageId);
    return cached?.config.history?.map((step) => step.empty_layer === true);
  }

  async analyzeImage(source: AnalysisSource, options: AnalysisOptions = {}): Promise<ImageAnalysis> {
    const checked = validateSource(source);
    return this.operations.run(options.operationId, (operation) => this.runAnalysis(checked, options, operation));
  }

  // ---- Explore: treemap, file tree, search, compare. Thin delegates to core/explore. ----

  private readonly explore = lazy<ExploreService>(async () => {
    const { ExploreService } = await import('../services/explore-service');
    return new ExploreService({ cacheDir: this.options.cacheDir });
  });

  /** An analysis whose loaded image stays in the explore sessions (or is brought back from the cache). */
  private async runAnalysis(source: AnalysisSource, options: AnalysisOptions, operation: Operation): Promise<ImageAnalysis> {
    // Exploring needs the image kept and indexed; a CLI command never explores, so it skips that work.
    const explore = this.options.frontDoor === 'cli' ? undefined : await this.explore();
    const deps: AnalysisDeps = { ...this.analysisDeps(), observe: explore ? (image) => explore.observer(image) : undefined };
    const { runImageAnalysis } = await import('../services/image-analysis');
    const analysis = await runImageAnalysis(source, options, deps, operation);
    // The app's image page explores right away: answer once the image is ready for it. The CLI never does.
    if (explore) await explore.prewarm(analysis.id);
    return analysis;
  }

  async getTreemap(imageId: string, options?: TreemapOptions): Promise<Treemap> {
    return (await this.explore()).getTreemap(imageId, options);
  }

  async listDirectory(imageId: string, options?: DirectoryOptions): Promise<DirectoryListing> {
    return (await this.explore()).listDirectory(imageId, options);
  }

  async searchFiles(imageId: string, options: SearchOptions): Promise<SearchResult> {
    return (await this.explore()).searchFiles(imageId, options);
  }

  async locateFile(imageId: string, path: string): Promise<FileLocation> {
    return (await this.explore()).locateFile(imageId, path);
  }

  async compareImages(a: AnalysisSource, b: AnalysisSource, options: CompareOptions = {}): Promise<ImageComparison> {
    const sources = [validateSource(a), validateSource(b)] as const;
    return this.operations.run(options.operationId, async (operation) =>
      (await this.explore()).compareImages(sources[0], sources[1], (source, label) =>
        this.runAnalysis(
          source,
          {},
          {
            ...operation,
            progress: (phase, done, total) => operation.progress(`${label}: ${phase}`, done, total),
          },
        ),
      ),
    );
  }

  async getFileDiff(imageIdA: string, imageIdB: string, options?: FileDiffOptions): Promise<FileDiffPage> {
    return (await this.explore()).getFileDiff(imageIdA, imageIdB, options);
  }

  // ---- end of Explore ----

  // ---- Reports: size reports and their exports. Thin delegates to core/report. ----

  private readonly reports = lazy<ReportService>(async () => {
    const { ReportService } = await import('../services/report-service');
    const service = new ReportService({
      ...this.analysisDeps(),
      engineName: () => {
        const engine = this.connection.status.engine;
        return engine ? `${engine.name} ${engine.version}` : undefined;
      },
      version: appVersion,
      validateSource,
      host: this.options.host ?? {},
    });
    return service;
  });

  async buildReport(source: AnalysisSource, options: BuildReportOptions = {}): Promise<SizeReport> {
    return this.operations.run(options.operationId, async (operation) => (await this.reports()).build(source, options, operation));
  }

  async getReport(reportId: string): Promise<SizeReport> {
    return (await this.reports()).get(reportId);
  }

  async renderReport(reportId: string, options: RenderReportOptions): Promise<RenderedReport> {
    return this.operations.run(options?.operationId, async (operation) => (await this.reports()).render(reportId, options, operation));
  }

  async exportReport(reportId: string, options: RenderReportOptions): Promise<ExportReportResult> {
    return this.operations.run(options?.operationId, async (operation) => (await this.reports()).export(reportId, options, operation));
  }

  // ---- end of Reports ----

  // ---- Rebuild: lean multi-stage rewrite, build, verify. Thin delegates to rebuild-service. ----

  private readonly rebuild = lazy<RebuildService>(async () => {
    const { RebuildService } = await import('../services/rebuild-service');
    return new RebuildService({
      withEngine: (work) => this.withEngine(work),
      configDir: this.options.configDir,
      cacheDir: this.options.cacheDir,
      chooseFolder: this.options.host?.chooseFolder,
    });
  });

  async planRebuild(options: PlanRebuildOptions): Promise<RebuildPlan> {
    return this.operations.run(options?.operationId, async (operation) => (await this.rebuild()).plan(options, operation));
  }

  async runRebuild(request: RunRebuildRequest, options?: OperationOptions): Promise<RebuildOutcome> {
    return this.operations.run(options?.operationId, async (operation) => (await this.rebuild()).run(request, operation));
  }

  async getRememberedContext(imageRef: string): Promise<RememberedContext | null> {
    return (await this.rebuild()).rememberedContext(imageRef);
  }

  async rememberContext(imageRef: string, contextDir: string, dockerfile?: string, verify?: VerifySettings): Promise<RememberedContext> {
    return (await this.rebuild()).rememberContext(imageRef, contextDir, dockerfile, verify);
  }

  async chooseFolder(options?: ChooseFolderOptions): Promise<string | null> {
    return (await this.rebuild()).chooseFolder(options);
  }

  async checkRemoteTag(image: string): Promise<RemoteTagState> {
    if (typeof image !== 'string' || image.trim() === '') throw new LayerLensError('INVALID_ARGUMENT', 'Name the image: REGISTRY/REPO:TAG.');
    const { checkRemoteTag } = await import('../registry/push-image');
    return checkRemoteTag(image.trim(), { registry: this.options.registry });
  }

  async pushImage(request: PushImageRequest, options?: OperationOptions): Promise<PushImageResult> {
    if (typeof request?.image !== 'string' || request.image.trim() === '')
      throw new LayerLensError('INVALID_ARGUMENT', 'Name the image to push: REGISTRY/REPO:TAG.');
    const { pushImage } = await import('../registry/push-image');
    return this.operations.run(options?.operationId, (operation) =>
      this.withEngine((docker) =>
        pushImage(
          docker,
          { image: request.image.trim(), replace: request.replace === true },
          {
            signal: operation.signal,
            registry: this.options.registry,
            onProgress: (done, total, detail) => operation.progress('push', done, total, detail),
          },
        ),
      ),
    );
  }

  // ---- end of Rebuild ----

  async cancel(operationId: string): Promise<boolean> {
    return this.operations.cancel(operationId);
  }

  private async withEngine<T>(work: (docker: Docker) => Promise<T>): Promise<T> {
    const { docker, endpoint } = await this.connection.client();
    try {
      return await work(docker);
    } catch (error) {
      const typed = toEngineError(error, endpoint, this.connection.lastKind(endpoint));
      this.connection.reportFailure(typed);
      throw typed;
    }
  }
}

export function createLayerLensCore(options: CoreOptions): LayerLensCore {
  return new LayerLensCore(options);
}
