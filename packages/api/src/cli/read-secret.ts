import { text } from 'node:stream/consumers';

/** Reads a secret from stdin (for `--password-stdin`), trimming the final newline. */
export async function readStdinSecret(): Promise<string> {
  return (await text(process.stdin)).replace(/\r?\n$/, '');
}
