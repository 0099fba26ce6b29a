/** The Model screen without a model: the KG advisor answers, and a bad GGUF path is reported. */
import { expect, test } from '../fixtures';
import { screenshotPath } from '../support/paths';

test('the Model screen says the KG advisor is active and shows a bad model path’s error', async ({
  page,
  server,
  demoDatasetId,
  pageErrors,
  consolePage,
  modelPage,
}) => {
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await expect(consolePage.advisorChip).toHaveAttribute('data-active', 'kg');
  await consolePage.nav('model');
  await expect(modelPage.screen).toBeVisible();
  await expect(modelPage.activeAdvisor).toHaveAttribute('data-active', 'kg');
  await expect(modelPage.activeAdvisor).toContainText('KG advisor (no model loaded)');
  await expect(modelPage.modelState).toHaveAttribute('data-status', 'none');
  await expect(modelPage.latency).toContainText('no LLM calls yet');
  await expect(modelPage.unloadButton).toBeDisabled();
  await expect(modelPage.downloadButton).toContainText(/Download recommended model \(.+, .+, .+\)/);
  await expect(modelPage.kgSummary).toContainText(/KG version\s*v\d+/);

  const missing = '/nonexistent/rampart-e2e/model.gguf';
  await modelPage.loadModel(missing);
  await expect(modelPage.error).toBeVisible();
  await expect(modelPage.error).toContainText(missing);
  // Still the KG advisor: a failed load changes nothing.
  await expect(modelPage.activeAdvisor).toHaveAttribute('data-active', 'kg');
  await page.screenshot({ path: screenshotPath('web-06-model') });

  // The host refused the request (HTTP 400), which the browser logs; that one is expected.
  const unexpected = pageErrors.filter((e) => !/status of 400 \(Bad Request\)/.test(e));
  pageErrors.splice(0, pageErrors.length, ...unexpected);
});
