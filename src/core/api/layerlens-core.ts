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
import { runImageAnalysis, validateSource } from './image-analysis';
import { OperationRegistry } from './operations';
import { appVersion } from './version';
import type Docker from 'dockerode';

export interface CoreOptions {
  frontDoor: AppInfo['frontDoor'];
  /** Follow engine events and reconnect by itself; off for one-shot CLI commands. */
  watch: boolean;
  /** An explicit engine host (`--host`, settings); otherwise discovery decides. */
  engineHost?: string;
  resolveEndpoint?: () => EngineEndpoint;
  /** Where layer indexes are cached; default LAYERLENS_CACHE_DIR, then the user's cache folder. */
  cacheDir?: string;
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
      runImageAnalysis(
        checked,
        options,
        { withEngine: (work) => this.withEngine(work), cacheDir: this.options.cacheDir },
        operation,
      ),
    );
  }

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
