/** What two nodes compare about one record once its fingerprint differs. */
export interface RecordDigest {
  id: string;
  /** Null when the node holds no projection of the record shared with the other. */
  stateHash: string | null;
  events: DigestEvent[];
}

export interface DigestEvent {
  id: string;
  author: string;
  /** Seq of the entry that carried it on the link between the two nodes (null when on another link). */
  seq: number | null;
}
