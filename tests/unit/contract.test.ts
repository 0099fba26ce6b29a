import { describe, expect, it } from 'vitest';
import { InvalidRequestError, REQUEST_NAMES, validateRequest } from '../../src/shared/contract';
import { dispatch, type Handlers } from '../../src/main/app/hub/dispatch';

describe('contract validation', () => {
  it('fills defaults and rejects bad arguments with the field named', () => {
    expect(validateRequest('alerts.query', { datasetId: 1 })).toMatchObject({
      offset: 0,
      limit: 200,
      sort: 'id',
      desc: false,
    });
    expect(() => validateRequest('alerts.query', { datasetId: 1, limit: 100000 })).toThrow(/limit/);
    expect(() => validateRequest('alerts.query', { datasetId: 1, extra: 1 })).toThrow(
      InvalidRequestError,
    );
    expect(() => validateRequest('datasets.loadPaths', { paths: [] })).toThrow(/paths/);
  });

  it('dispatch refuses unknown request names before any handler runs', async () => {
    const handlers = Object.fromEntries(
      REQUEST_NAMES.map((n) => [
        n,
        async () => {
          throw new Error(`handler ${n} must not run`);
        },
      ]),
    ) as unknown as Handlers;
    const ctx = { actor: 'tester' };
    await expect(dispatch(handlers, 'db.exec', {}, ctx)).rejects.toThrow(/unknown request/);
    await expect(dispatch(handlers, '__proto__', {}, ctx)).rejects.toThrow(/unknown request/);
    await expect(dispatch(handlers, 'alerts.query', { datasetId: -1 }, ctx)).rejects.toThrow(
      InvalidRequestError,
    );
  });
});
