/**
 * Every path a request names (a CSV to load, a model file, a file to tail or replay) passes here
 * before anything opens it: one naming the database's own files is refused with a 4xx, because
 * closing a second descriptor on the database would release SQLite's locks (store/ownFiles.ts).
 */
import { resolve } from 'node:path';
import { InvalidRequestError, type RequestName } from '../../../shared/contract';
import type { Store } from '../../store/store';

/** The absolute path to open; throws InvalidRequestError when it names one of the store's files. */
export function userPath(store: Store, request: RequestName, path: string): string {
  const problem = store.ownFileProblem(path);
  if (problem !== null) throw new InvalidRequestError(request, problem);
  return resolve(path);
}
