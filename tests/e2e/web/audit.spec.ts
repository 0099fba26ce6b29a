/**
 * The Audit screen on the worker's demo dataset: two analysts (this console's own and the second
 * analyst, each through their own token) decide on DDoS alerts; filtered by one analyst the table
 * shows only that analyst's rows, filtered by alert only that alert's decision, the hash chain
 * reads intact, the header names this console's analyst, and the filtered export holds the rows
 * the filter shows.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures';
import { AuditPage } from '../pages/AuditPage';
import { callApi } from '../support/api';
import { SECOND_ANALYST } from '../support/server';

test('two analysts’ decisions, filtered by analyst and alert, with the chain intact', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  exportMenu,
}) => {
  const { analyst: me } = await callApi(server, 'app.info', {});
  expect(me).not.toBe(SECOND_ANALYST);
  const pending = await callApi(server, 'alerts.query', {
    datasetId: demoDatasetId,
    predictedClass: 'DDoS',
    status: 'pending',
    limit: 10,
  });
  const [mine, theirs] = pending.rows.filter((r) => r.recommendation !== null);
  expect(mine && theirs).toBeTruthy();
  await callApi(server, 'alerts.decide', {
    alertIds: [mine!.id],
    decision: 'approve',
    note: 'audit e2e: mine',
  });
  await callApi(
    server,
    'alerts.decide',
    { alertIds: [theirs!.id], decision: 'approve', note: 'audit e2e: theirs' },
    SECOND_ANALYST,
  );

  const audit = new AuditPage(page);
  await consolePage.open(server.url);
  await expect(audit.analystName).toHaveText(me);
  await audit.open();
  await expect(audit.chain).toHaveAttribute('data-intact', 'true');
  await expect(audit.chain).toContainText('Audit chain intact');

  await audit.actorFilter.selectOption(SECOND_ANALYST);
  await expect(audit.rowOf(`alert:${theirs!.id}`)).toHaveCount(1);
  await expect(audit.rowOf(`alert:${mine!.id}`)).toHaveCount(0);
  expect(new Set(await audit.actors())).toEqual(new Set([SECOND_ANALYST]));
  await expect(audit.rowOf(`alert:${theirs!.id}`)).toContainText('“audit e2e: theirs”');
  const theirTotal = await audit.total();
  const viaApi = await callApi(server, 'audit.list', { actor: SECOND_ANALYST });
  expect(theirTotal).toBe(viaApi.total);

  // The filtered export holds exactly the rows the filter selects.
  const file = await exportMenu.exportFile('audit-json');
  const exported = JSON.parse(await readFile(file.path, 'utf8')) as { actor: string }[];
  expect(exported).toHaveLength(theirTotal);
  expect(new Set(exported.map((r) => r.actor))).toEqual(new Set([SECOND_ANALYST]));

  await audit.actorFilter.selectOption(me);
  await expect(audit.rowOf(`alert:${mine!.id}`)).toHaveCount(1);
  await expect(audit.rowOf(`alert:${theirs!.id}`)).toHaveCount(0);
  expect(new Set(await audit.actors())).toEqual(new Set([me]));

  await audit.actorFilter.selectOption('');
  await audit.alertFilter.fill(String(theirs!.id));
  await expect(audit.rows).toHaveCount(1);
  await expect(audit.rows.first()).toHaveAttribute('data-actor', SECOND_ANALYST);
});
