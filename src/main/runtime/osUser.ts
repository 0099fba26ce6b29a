/** The signed-in OS user: the analyst behind the desktop app and the CLI. */
import { userInfo } from 'node:os';

/**
 * The OS user's login name. `userInfo` throws for a uid with no passwd entry (some containers);
 * then $USER, else `uid <n>`.
 */
export function osUserName(info: () => { username: string } = userInfo): string {
  try {
    const { username } = info();
    if (username) return username;
  } catch {
    // no passwd entry: fall through
  }
  return process.env.USER || `uid ${process.getuid?.() ?? 'unknown'}`;
}
