/**
 * The files a Store owns on disk, and the check that keeps the process from ever opening one of
 * them through another path. On Linux, closing any descriptor a process holds on a file releases
 * every POSIX lock the process holds on it (SQLite's "How to corrupt your database", 2.2): a CSV
 * load, a model path or a tail feed naming the database itself would silently drop SQLite's
 * locks. The check never opens anything: it resolves symlinks (realpath / readlink) and compares
 * stat()'s device + inode, and the resolved path for files that do not exist right now (-wal,
 * -shm and -journal come and go).
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/** Suffixes of the database's own files and what each one is, for the refusal message. */
const OWN_FILES: readonly (readonly [suffix: string, what: string])[] = [
  ['', 'database'],
  ['-wal', 'write-ahead log'],
  ['-shm', 'shared-memory index'],
  ['-journal', 'rollback journal'],
  ['.lock', 'process lock'],
  ['.lock-journal', 'process lock journal'],
];

/** Symlinks followed before giving up (the kernel's own limit is 40). */
const MAX_LINKS = 40;

/**
 * Resolve a path the way opening it would, without opening it: symlinks are followed, also when
 * the final target does not exist yet (then its folder is resolved and its name kept).
 */
export function resolveWithoutOpening(path: string, depth = 0): string {
  const abs = resolve(path);
  try {
    return realpathSync.native(abs);
  } catch {
    // Missing (or a dangling link): resolve what exists and keep the rest as written.
  }
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    st = undefined; // ENOTDIR and the like: nothing there to follow
  }
  if (st?.isSymbolicLink() && depth < MAX_LINKS) {
    const target = readlinkSync(abs);
    return resolveWithoutOpening(
      isAbsolute(target) ? target : join(dirname(abs), target),
      depth + 1,
    );
  }
  const parent = dirname(abs);
  if (parent === abs) return abs;
  return join(resolveWithoutOpening(parent, depth), basename(abs));
}

/** The on-disk files of one database; answers whether a path names one of them. */
export class OwnFiles {
  /** The database's path as given, resolved to an absolute path. */
  readonly dbPath: string;

  constructor(dbPath: string) {
    this.dbPath = resolve(dbPath);
  }

  /** Every path the store owns (the database, its -wal/-shm/-journal, the process lock). */
  paths(): { path: string; what: string }[] {
    return OWN_FILES.map(([suffix, what]) => ({ path: this.dbPath + suffix, what }));
  }

  /**
   * What `path` is when it resolves to one of the store's files ('the database', 'the database's
   * write-ahead log', …), else null. Compares device + inode of what exists and the resolved path
   * string of what does not; opens nothing.
   */
  owner(path: string): string | null {
    const target = resolveWithoutOpening(path);
    const tst = statOrNull(target);
    for (const own of this.paths()) {
      const ownResolved = resolveWithoutOpening(own.path);
      if (ownResolved === target) return describe(own.what);
      if (!tst) continue;
      const ost = statOrNull(ownResolved);
      if (ost && ost.dev === tst.dev && ost.ino === tst.ino) return describe(own.what);
    }
    return null;
  }
}

/** stat() (following links), or null when there is nothing to stat; never opens the file. */
function statOrNull(path: string): { dev: number; ino: number } | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function describe(what: string): string {
  return what === 'database' ? "this Rampart's own database" : `this Rampart database's ${what}`;
}

/**
 * The refusal for a user-given path that names a store file: why it is refused, in one sentence.
 * Null when the path is none of them.
 */
export function ownFileProblem(files: OwnFiles, path: string): string | null {
  const what = files.owner(path);
  if (what === null) return null;
  return (
    `${path} is ${what} (${files.dbPath}); the server never opens its own database files ` +
    'through another path: closing that descriptor would release SQLite’s locks'
  );
}
