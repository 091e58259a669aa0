/** The rebuild wizard ("Rebuild as multi-stage" / "Optimize a Dockerfile…"), as a user sees it. */
import { expect, type Locator, type Page } from '@playwright/test';

export class RebuildPage {
  readonly root: Locator;
  readonly contextPath: Locator;
  readonly readContext: Locator;
  readonly plan: Locator;
  readonly planError: Locator;
  readonly found: Locator;
  readonly candidates: Locator;
  readonly diff: Locator;
  readonly changes: Locator;
  readonly runtimeBase: Locator;
  readonly imageName: Locator;
  readonly leanTag: Locator;
  readonly replaceTag: Locator;
  readonly verify: Locator;
  readonly verifyEnv: Locator;
  readonly verifyPaths: Locator;
  readonly buildButton: Locator;
  readonly buildStep: Locator;
  readonly log: Locator;
  readonly cancelButton: Locator;
  readonly spinners: Locator;
  readonly error: Locator;
  readonly retry: Locator;
  readonly result: Locator;
  readonly verdict: Locator;
  readonly attempts: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('rebuild-page');
    this.contextPath = page.getByTestId('rebuild-context-path');
    this.readContext = page.getByTestId('rebuild-read-context');
    this.plan = page.getByTestId('rebuild-plan');
    this.planError = page.getByTestId('rebuild-plan-error');
    this.found = page.getByTestId('rebuild-found');
    this.candidates = page.getByTestId('rebuild-candidate');
    this.diff = page.getByTestId('rebuild-diff');
    this.changes = page.getByTestId('rebuild-change');
    this.runtimeBase = page.getByTestId('rebuild-runtime-base');
    this.imageName = page.getByTestId('rebuild-image-name');
    this.leanTag = page.getByTestId('rebuild-lean-tag');
    this.replaceTag = page.getByTestId('rebuild-replace-tag');
    this.verify = page.getByTestId('rebuild-verify');
    this.verifyEnv = page.getByTestId('rebuild-verify-env');
    this.verifyPaths = page.getByTestId('rebuild-verify-paths');
    this.buildButton = page.getByTestId('rebuild-build');
    this.buildStep = page.getByTestId('rebuild-build-step');
    this.log = page.getByTestId('rebuild-log');
    this.cancelButton = page.getByTestId('rebuild-cancel');
    this.spinners = this.root.locator('.spinner');
    this.error = page.getByTestId('rebuild-error');
    this.retry = page.getByTestId('rebuild-retry');
    this.result = page.getByTestId('rebuild-result');
    this.verdict = page.getByTestId('rebuild-verdict');
    this.attempts = page.getByTestId('rebuild-attempt');
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

  /** The proposal is shown and no new one is on its way. */
  async planSettled(): Promise<void> {
    await expect(this.plan).toBeVisible();
    await expect(this.plan).toHaveAttribute('aria-busy', 'false');
  }

  /** A runtime base typed (or picked from the engine's images) and applied with Enter. */
  async chooseRuntimeBase(image: string): Promise<void> {
    await this.runtimeBase.fill(image);
    await this.runtimeBase.press('Enter');
    await expect(this.plan.getByTestId('rebuild-bases')).toContainText(`Now: ${image}`);
    await this.planSettled();
  }

  /** The names typed; Build waits until the engine was asked about them. */
  async name(image: string, leanTag?: string): Promise<void> {
    await this.imageName.fill(image);
    if (leanTag !== undefined) await this.leanTag.fill(leanTag);
    await expect(this.buildButton).toBeEnabled();
  }

  candidate(id: string): Locator {
    return this.page.locator(`[data-testid="rebuild-candidate"][data-candidate="${id}"]`);
  }

  change(id: string): Locator {
    return this.page.locator(`[data-testid="rebuild-change"][data-change="${id}"]`);
  }

  attempt(id: string): Locator {
    return this.page.locator(`[data-testid="rebuild-attempt"][data-candidate="${id}"]`);
  }

  phase(phase: 'plan' | 'build-original' | 'build-lean' | 'verify' | 'measure'): Locator {
    return this.page.getByTestId(`rebuild-phase-${phase}`);
  }
}
