/**
 * What every stored result records beside its numbers: the command that made it, the machine it
 * ran on, when, and for LLM runs the model file with its SHA-256, so a table can be traced to its
 * run and a model swap cannot pass unnoticed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { cpus, hostname, platform, release, totalmem } from 'node:os';

export interface ModelFileRecord {
  file: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface Provenance {
  command: string;
  cwd: string;
  at: string;
  machine: {
    host: string;
    cpu: string;
    cores: number;
    memGiB: number;
    os: string;
    node: string;
  };
  model: ModelFileRecord | null;
}

/** SHA-256 of a file, streamed (a GGUF is hundreds of MB). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The record of one model file: name, absolute path, size and SHA-256. */
export async function modelFileRecord(path: string): Promise<ModelFileRecord> {
  const abs = resolve(path);
  return {
    file: basename(abs),
    path: abs,
    bytes: statSync(abs).size,
    sha256: await sha256File(abs),
  };
}

/** This run's provenance: `argv` is the command's words after `rampart`. */
export async function provenance(argv: readonly string[], modelPath?: string): Promise<Provenance> {
  return {
    command: ['rampart', ...argv].map(shellWord).join(' '),
    cwd: process.cwd(),
    at: new Date().toISOString(),
    machine: {
      host: hostname(),
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: `${platform()} ${release()}`,
      node: process.version,
    },
    model: modelPath ? await modelFileRecord(modelPath) : null,
  };
}

/** A word as a shell would need it quoted to give it back. */
function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}
