/** Read IDS alert files from disk into one list of IrAlerts, with every file's parse result. */
import { readFile } from 'node:fs/promises';
import type { IrAlert } from '../core/types';
import {
  parseAlertText,
  type AlertFileFormat,
  type ParseOptions,
  type ParseResult,
} from './parsers';

/** Parse each file (format per file when 'auto'); an unreadable file is an error. */
export async function readAlertFiles(
  paths: readonly string[],
  format: AlertFileFormat | 'auto' = 'auto',
  opts: ParseOptions = {},
): Promise<{ alerts: IrAlert[]; files: (ParseResult & { file: string })[] }> {
  const files: (ParseResult & { file: string })[] = [];
  for (const file of paths) {
    const text = await readFile(file, 'utf8');
    files.push({ file, ...parseAlertText(text, file, format, opts) });
  }
  return { alerts: files.flatMap((f) => f.alerts), files };
}
