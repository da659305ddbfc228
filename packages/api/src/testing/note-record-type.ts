import type { FoldOutput, RecordType } from '../events/record-type.ts';

export interface NoteState {
  title: string;
  texts: string[];
}

/**
 * A minimal record type for testing the engine: `create { title, parties }`, `edit { text }` by any
 * party, `close` by the owner. Edits after close are rejected.
 */
export const noteRecordType: RecordType<NoteState> = {
  type: 'test.note',
  fold(events) {
    const out: FoldOutput<NoteState> = {
      owner: '',
      parties: [],
      status: 'none',
      state: { title: '', texts: [] },
      rejected: {},
    };
    for (const e of events) {
      const data = (e.data ?? {}) as { title?: string; parties?: string[]; text?: string };
      const reject = (reason: string) => {
        out.rejected[e.id] = reason;
      };
      if (e.kind === 'create') {
        if (out.status !== 'none') reject('the note already exists');
        else {
          out.owner = e.author;
          out.parties = [...new Set([e.author, ...(data.parties ?? [])])];
          out.status = 'open';
          out.state.title = String(data.title ?? '');
        }
      } else if (out.status === 'none') reject('the note does not exist');
      else if (e.kind === 'edit') {
        if (out.status === 'closed') reject('the note is closed');
        else out.state.texts.push(String(data.text ?? ''));
      } else if (e.kind === 'close') {
        if (e.author !== out.owner) reject('only the owner closes a note');
        else if (out.status === 'closed') reject('the note is already closed');
        else out.status = 'closed';
      } else reject(`unknown kind ${e.kind}`);
    }
    return out;
  },
};
