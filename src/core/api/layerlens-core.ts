/** The one implementation of the LayerLens contract, shared by the app, `serve` and the CLI. */
import type {
  AppInfo,
  ConnectionStatus,
  EventSource,
  ImageDetail,
  ImageList,
  LayerLensApi,
  LayerLensEvents,
  OperationOptions,
} from '../../shared/contract';
import type { AnalysisOptions, AnalysisSource, ImageAnalysis } from '../../shared/analysis';
import { Emitter } from '../../shared/emitter';
import { discoverFromProcess } from '../engine/discovery';
import type { EngineEndpoint } from '../engine/endpoint';
import { EngineConnection } from '../engine/engine-connection';
import { toEngineError } from '../engine/engine-errors';
import { inspectImage, validateImageRef } from '../images/image-detail';
import { listImages } from '../images/image-list';
import { runImageAnalysis, validateSource, type AnalysisDeps } from './image-analysis';
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
import { ExploreService } from '../explore/explore-service';
import { OperationRegistry, type Operation } from './operations';
import { appVersion } from './version';
import type {
  BuildReportOptions,
  ExportReportResult,
  RenderedReport,
  RenderReportOptions,
  SizeReport,
} from '../../shared/report';
import { ReportService, type ReportHost } from '../report/report-service';
import type Docker from 'dockerode';
import type { ChooseFolderOptions, PlanRebuildOptions, RebuildOutcome, RebuildPlan, RememberedContext, RunRebuildRequest } from '../../shared/rebuild';
import { RebuildService, type ChooseFolder } from './rebuild-service';

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
  /** The host's native folder picker (Electron's dialog); without one `chooseFolder` answers null. */
  chooseFolder?: ChooseFolder;
}

export class LayerLensCore implements LayerLensApi, EventSource {
  private readonly emitter = new Emitter<LayerLensEvents>();
  private readonly connection: EngineConnection;
  private readonly operations = new OperationRegistry((event) => this.emitter.emit('progress', event));

  constructor(private readonly options: CoreOptions) {
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

  async inspectImage(ref: string, options?: OperationOptions): Promise<ImageDetail> {
    const name = validateImageRef(ref);
    return this.operations.run(options?.operationId, (operation) =>
      this.withEngine(async (docker) => {
        operation.progress('inspect', 0, 1);
        const detail = await inspectImage(docker, name, operation.signal);
        operation.progress('inspect', 1, 1);
        return detail;
      }),
    );
  }

  async analyzeImage(source: AnalysisSource, options: AnalysisOptions = {}): Promise<ImageAnalysis> {
    const checked = validateSource(source);
    return this.operations.run(options.operationId, (operation) =>
      this.runAnalysis(checked, options, operation),
    );
  }

  // ---- Explore: treemap, file tree, search, compare (issue 4). Thin delegates to core/explore. ----

  private exploreService?: ExploreService;

  private get explore(): ExploreService {
    this.exploreService ??= new ExploreService({ cacheDir: this.options.cacheDir });
    return this.exploreService;
  }

  /** An analysis whose loaded image stays in the explore sessions (or is brought back from the cache). */
  private async runAnalysis(source: AnalysisSource, options: AnalysisOptions, operation: Operation): Promise<ImageAnalysis> {
    const deps: AnalysisDeps = {
      withEngine: (work) => this.withEngine(work),
      cacheDir: this.options.cacheDir,
      // Exploring needs the image kept and indexed; a CLI command never explores, so it skips that work.
      onAnalysed: this.options.frontDoor === 'cli' ? undefined : (image) => this.explore.register(image),
    };
    const analysis = await runImageAnalysis(source, options, deps, operation);
    // The app's image page explores right away: answer once the image is ready for it. The CLI never does.
    if (this.options.frontDoor !== 'cli') await this.explore.prewarm(analysis.id);
    return analysis;
  }

  getTreemap(imageId: string, options?: TreemapOptions): Promise<Treemap> {
    return this.explore.getTreemap(imageId, options);
  }

  listDirectory(imageId: string, options?: DirectoryOptions): Promise<DirectoryListing> {
    return this.explore.listDirectory(imageId, options);
  }

  searchFiles(imageId: string, options: SearchOptions): Promise<SearchResult> {
    return this.explore.searchFiles(imageId, options);
  }

  locateFile(imageId: string, path: string): Promise<FileLocation> {
    return this.explore.locateFile(imageId, path);
  }

  async compareImages(a: AnalysisSource, b: AnalysisSource, options: CompareOptions = {}): Promise<ImageComparison> {
    const sources = [validateSource(a), validateSource(b)] as const;
    return this.operations.run(options.operationId, (operation) =>
      this.explore.compareImages(sources[0], sources[1], (source, label) =>
        this.runAnalysis(source, {}, {
          ...operation,
          progress: (phase, done, total) => operation.progress(`${label}: ${phase}`, done, total),
        }),
      ),
    );
  }

  getFileDiff(imageIdA: string, imageIdB: string, options?: FileDiffOptions): Promise<FileDiffPage> {
    return this.explore.getFileDiff(imageIdA, imageIdB, options);
  }

  // ---- end of Explore ----

  // ---- Reports (issue 6): size reports and their exports. Thin delegates to core/report. ----

  private reportService?: ReportService;

  private get reports(): ReportService {
    this.reportService ??= new ReportService({
      withEngine: (work) => this.withEngine(work),
      cacheDir: this.options.cacheDir,
      engineName: () => {
        const engine = this.connection.status.engine;
        return engine ? `${engine.name} ${engine.version}` : undefined;
      },
      version: appVersion,
      validateSource,
    });
    return this.reportService;
  }

  /** What differs per front door: the PDF printer (printToPDF / headless Chromium) and the save dialog. */
  setReportHost(host: ReportHost): void {
    this.reports.host = host;
  }

  async buildReport(source: AnalysisSource, options: BuildReportOptions = {}): Promise<SizeReport> {
    return this.operations.run(options.operationId, (operation) => this.reports.build(source, options, operation));
  }

  async getReport(reportId: string): Promise<SizeReport> {
    return this.reports.get(reportId);
  }

  async renderReport(reportId: string, options: RenderReportOptions): Promise<RenderedReport> {
    return this.operations.run(options?.operationId, (operation) => this.reports.render(reportId, options, operation));
  }

  async exportReport(reportId: string, options: RenderReportOptions): Promise<ExportReportResult> {
    return this.operations.run(options?.operationId, (operation) => this.reports.export(reportId, options, operation));
  }

  // ---- end of Reports ----

  // ---- Rebuild (issue 5): lean multi-stage rewrite, build, verify. Thin delegates to rebuild-service. ----

  private rebuildService?: RebuildService;

  private get rebuild(): RebuildService {
    this.rebuildService ??= new RebuildService({ withEngine: (work) => this.withEngine(work), configDir: this.options.configDir, chooseFolder: this.options.chooseFolder });
    return this.rebuildService;
  }

  async planRebuild(options: PlanRebuildOptions): Promise<RebuildPlan> {
    return this.operations.run(options?.operationId, (operation) => this.rebuild.plan(options, operation));
  }

  async runRebuild(request: RunRebuildRequest, options?: OperationOptions): Promise<RebuildOutcome> {
    return this.operations.run(options?.operationId, (operation) => this.rebuild.run(request, operation));
  }

  getRememberedContext(imageRef: string): Promise<RememberedContext | null> {
    return this.rebuild.rememberedContext(imageRef);
  }

  rememberContext(imageRef: string, contextDir: string, dockerfile?: string): Promise<RememberedContext> {
    return this.rebuild.rememberContext(imageRef, contextDir, dockerfile);
  }

  chooseFolder(options?: ChooseFolderOptions): Promise<string | null> {
    return this.rebuild.chooseFolder(options);
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
      const typed = toEngineError(error, endpoint);
      this.connection.reportFailure(typed);
      throw typed;
    }
  }
}

export function createLayerLensCore(options: CoreOptions): LayerLensCore {
  return new LayerLensCore(options);
}
