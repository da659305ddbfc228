/**
 * A test node in its own process (see `spawnTestNode`). Argument: JSON `NodeProcessOptions`.
 * Prints `ready`, then `wrote N` every 20 notes it writes, then `writes done`; stops on SIGTERM.
 */
import type { NodeProcessOptions } from './node-process.ts';
import { writeNote } from './sync-helpers.ts';
import { startTestNode } from './test-node.ts';

const opts = JSON.parse(process.argv[2] ?? '{}') as NodeProcessOptions;
const node = await startTestNode({ serverUrl: '', ...opts });
console.log('ready');
const peer = opts.side === 'zj' ? 'fj-shouning' : 'zj-taishun';
for (let i = 1; i <= (opts.writeNotes ?? 0); i++) {
  await writeNote(node.services, { kind: 'create', data: { title: `note ${i}`, parties: [peer] } });
  if (i % 20 === 0) console.log(`wrote ${i}`);
}
console.log('writes done');
process.on('SIGTERM', () => void node.stop().then(() => process.exit(0)));
