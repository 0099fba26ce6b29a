/** Bundle entry of the `rampart` CLI (out/main/cli.js): run with this process's arguments. */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
