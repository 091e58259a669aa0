/** The rebuild wizard ("Rebuild as multi-stage" / "Optimize a Dockerfile…"), as a user sees it. */
import { expect, type Locator, type Page } from '@playwright/test';

export class RebuildPage {
  readonly root: Locator;
  readonly contextPath: Locator;
  readonly readContext: Locator;
  readonly plan: Locator;
  readonly planError: Locator;
  readonly diff: Locator;
  readonly changes: Locator;
  readonly runtimeBase: Locator;
  readonly imageName: Locator;
  readonly leanTag: Locator;
  readonly buildButton: Locator;
  readonly buildStep: Locator;
  readonly log: Locator;
  readonly cancelButton: Locator;
  readonly error: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('rebuild-page');
    this.contextPath = page.getByTestId('rebuild-context-path');
    this.readContext = page.getByTestId('rebuild-read-context');
    this.plan = page.getByTestId('rebuild-plan');
    this.planError = page.getByTestId('rebuild-plan-error');
    this.diff = page.getByTestId('rebuild-diff');
    this.changes = page.getByTestId('rebuild-change');
    this.runtimeBase = page.getByTestId('rebuild-runtime-base');
    this.imageName = page.getByTestId('rebuild-image-name');
    this.leanTag = page.getByTestId('rebuild-lean-tag');
    this.buildButton = page.getByTestId('rebuild-build');
    this.buildStep = page.getByTestId('rebuild-build-step');
    this.log = page.getByTestId('rebuild-log');
    this.cancelButton = page.getByTestId('rebuild-cancel');
    this.error = page.getByTestId('rebuild-error');
    this.result = page.getByTestId('rebuild-result');
  }

  /** From the images list: "Optimize a Dockerfile…", then the folder typed in (serve has no native picker). */
  async openFolder(url: string, contextDir: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('connection-state')).toHaveText('connected');
    await this.page.getByTestId('optimize-folder').click();
    await expect(this.root).toBeVisible();
    await this.contextPath.fill(contextDir);
    await this.readContext.click();
  }

  /** A runtime base typed (or picked from the engine's images) and applied with Enter. */
  async chooseRuntimeBase(image: string): Promise<void> {
    await this.runtimeBase.fill(image);
    await this.runtimeBase.press('Enter');
    await expect(this.plan.getByTestId('rebuild-bases')).toContainText(`Now: ${image}`);
    await expect(this.plan).toHaveAttribute('aria-busy', 'false');
  }

  change(id: string): Locator {
    return this.page.locator(`[data-testid="rebuild-change"][data-change="${id}"]`);
  }

  phase(phase: 'plan' | 'build-original' | 'build-lean' | 'verify'): Locator {
    return this.page.getByTestId(`rebuild-phase-${phase}`);
  }
}
