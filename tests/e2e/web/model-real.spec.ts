/**
 * The Model screen with a real trained model (Gemma 3 270M from `npm run fetch-model`, or the
 * GGUF in $RAMPART_TEST_GGUF): loaded through the UI, its facts shown, and an alert re-advised by
 * it shows the LLM label and the KG evidence it read. Skipped, saying how to get it, when absent.
 */
import { readGgufFileInfo } from 'node-llama-cpp';
import { expect, test } from '../fixtures';
import { callApi } from '../support/api';
import { screenshotPath } from '../support/paths';
import { realModelPath } from '../../helpers/realModel';

const real = realModelPath();

test('a real GGUF loads from the Model screen and advises an alert, labelled LLM, with its evidence', async ({
  page,
  demoDatasetId,
  server,
  consolePage,
  modelPage,
  alertsPage,
}) => {
  test.skip(!real.path, `no real model: ${real.reason}`);
  const path = real.path ?? '';
  test.setTimeout(300_000);
  const info = await readGgufFileInfo(path);

  try {
    await loadAndAdvise();
  } finally {
    // The host is shared by this worker's specs: leave it as they expect it, with no model loaded.
    await callApi(server, 'advisor.setModel', { path: null });
  }

  async function loadAndAdvise(): Promise<void> {
    await consolePage.open(server.url);
    await consolePage.pickDataset(demoDatasetId);
    await consolePage.nav('model');
    await expect(modelPage.promptSelect).toHaveValue('default');
    await modelPage.loadModel(path);
    await expect(modelPage.modelState).toHaveAttribute('data-status', 'loaded', {
      timeout: 120_000,
    });
    await expect(modelPage.activeAdvisor).toHaveAttribute('data-active', 'llm');
    await expect(modelPage.modelName).toHaveText(info.metadata.general?.name ?? /.+/);
    const parameters = Number(await modelPage.parameters.getAttribute('data-parameters'));
    expect(parameters).toBeGreaterThan(1e8);
    await expect(modelPage.quantization).toHaveText(/^[A-Z0-9_]+$/);
    const template = info.metadata.tokenizer?.chat_template;
    await expect(modelPage.instruct).toHaveAttribute('data-instruct', String(!!template));
    await expect(modelPage.backend).toHaveText(/^(cpu|cuda|vulkan|metal)$/);
    if (parameters < 1e9)
      await expect(modelPage.smallWarning).toContainText('treat its advice as a hint');
    await page.screenshot({ path: screenshotPath('web-model-real') });

    // Approving one alert makes the engine advise again on the pending alerts of its signature:
    // now through the loaded model.
    await consolePage.nav('alerts');
    await alertsPage.waitForRows();
    const sigs = await alertsPage.rowValues('signature-id');
    const status = await alertsPage.rowValues('status');
    const pending = sigs.filter((_, i) => status[i] === 'pending');
    const sig = pending.find((s, i) => pending.indexOf(s) !== i);
    expect(sig, 'two pending alerts of one signature in the first rows').toBeDefined();
    const rows = page.locator(
      `[data-testid="alert-row"][data-signature-id="${sig}"][data-status="pending"]`,
    );
    const firstId = await alertsPage.open(rows.first());
    await alertsPage.detail.approve('e2e: approve so the LLM advises the rest');
    await expect(alertsPage.rowOf(firstId)).not.toHaveAttribute('data-status', 'pending');

    await alertsPage.open(rows.first());
    const detail = alertsPage.detail;
    await expect(detail.advisor).toHaveAttribute('data-advisor', 'llm', { timeout: 120_000 });
    await expect(detail.advisorLabel).toContainText(/LLM/);
    await expect(detail.versions).toContainText(`LLM (${info.metadata.general?.name ?? ''}`);
    await expect(detail.evidenceRecords.first()).toBeVisible();
    const evidence = await detail.evidenceRecords.allTextContents();
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) expect(e.trim()).not.toBe('');
    await consolePage.nav('model');
    await expect(modelPage.latency).toContainText(/\d/);
    console.log(
      `real model ${path}: ${parameters} parameters; evidence read: ${JSON.stringify(evidence.slice(0, 3))}; ` +
        `latency ${await modelPage.latency.textContent()}`,
    );
  }
});
