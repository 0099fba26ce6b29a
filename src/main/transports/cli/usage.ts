/** The CLI's usage text: the command list (`rampart --help`) and one command's (`rampart <cmd> --help`). */
import type { CliCommand } from './args';

const DB_NOTE = 'The database defaults to $RAMPART_DB or ~/.local/share/rampart/rampart.sqlite.';

/** Every command with its synopsis and summary, as `rampart --help` prints it. */
export function commandList(commands: readonly CliCommand[]): string {
  const blocks = commands.map((c) => {
    const indent = ' '.repeat(2 + c.name.length + 1);
    const forms = c.synopsis.map(([first, ...more]) =>
      [`  ${c.name} ${first ?? ''}`, ...more.map((l) => indent + l)].join('\n'),
    );
    return [...forms, ...c.summary.map((l) => `      ${l}`)].join('\n');
  });
  return [
    'usage: rampart <command> [options]    (rampart <command> --help: that command alone)',
    '',
    ...blocks,
    '',
    `  ${DB_NOTE}`,
  ].join('\n');
}

/** One command's usage: its synopses, what it does, and where its database is. */
export function commandUsage(c: CliCommand): string {
  const forms = c.synopsis.map(([first, ...more], i) => {
    const head = `${i === 0 ? 'usage:' : '      '} rampart ${c.name} `;
    const indent = ' '.repeat(head.length);
    return [head + (first ?? ''), ...more.map((l) => indent + l)].join('\n');
  });
  return [
    ...forms,
    '',
    ...c.summary.map((l) => `  ${l}`),
    ...('db' in c.options ? ['', `  ${DB_NOTE}`] : []),
  ].join('\n');
}
