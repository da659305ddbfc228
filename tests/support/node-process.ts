/**
 * A test node in its own process, so a test can SIGKILL it. Argument: JSON
 * `{ side, connectionString, urls, port, writeNotes?: number }`. Prints `ready` and progress lines.
 */
import { startTestNode, writeNote } from '@tiemeng/api/testing';

const opts = JSON.parse(process.argv[2] ?? '{}') as {
  side: 'zj' | 'fj';
  connectionString: string;
  urls: { zj: string; fj: string };
  port: number;
  writeNotes?: number;
};
const node = await startTestNode({ serverUrl: '', ...opts });
console.log('ready');
const peer = opts.side === 'zj' ? 'fj-shouning' : 'zj-taishun';
for (let i = 1; i <= (opts.writeNotes ?? 0); i++) {
  await writeNote(node.services, { kind: 'create', data: { title: `note ${i}`, parties: [peer] } });
  if (i % 20 === 0) console.log(`wrote ${i}`);
}
console.log('writes done');
process.on('SIGTERM', () => void node.stop().then(() => process.exit(0)));
