import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written as `Date` and read back as `Date` (node-postgres default). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type Role = 'officer' | 'duty' | 'command' | 'auditor' | 'admin';

export interface StationTable {
  id: string;
  node_id: string;
  name_zh: string;
  name_en: string;
  province: string;
  disabled: Generated<boolean>;
  created_at: Generated<Timestamp>;
}

export interface OfficerTable {
  id: string;
  username: string;
  display_name: string;
  station_id: string;
  roles: Role[];
  password_hash: string;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: Generated<Timestamp>;
}

/** Ed25519 node keys; the newest non-retired key signs, every key verifies. */
export interface NodeKeyTable {
  kid: string;
  private_jwk: ColumnType<JsonWebKeyShape, string, string>;
  public_jwk: ColumnType<JsonWebKeyShape, string, string>;
  created_at: Generated<Timestamp>;
  retired_at: Timestamp | null;
}

export interface JsonWebKeyShape {
  kty: string;
  crv?: string;
  x?: string;
  d?: string;
  kid?: string;
  alg?: string;
  use?: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  node_id: string;
  actor_type: 'officer' | 'node' | 'system' | 'anonymous';
  actor_id: string | null;
  procedure: string;
  record_ids: string[];
  outcome: 'ok' | 'refused' | 'error';
  error_code: string | null;
  request_id: string;
  input_hash: string;
  prev_hash: string;
  hash: string;
}

type Json<T> = ColumnType<T, string, string>;

export interface EventActor {
  officer: string | null;
  station: string | null;
  roles: string[];
}

export interface EventTable {
  id: string;
  record_type: string;
  record_id: string;
  author: string;
  hlc: string;
  at: Timestamp;
  kind: string;
  actor: Json<EventActor>;
  data: Json<unknown>;
  stored_at: Generated<Timestamp>;
}

export interface LinkEntryTable {
  from_node: string;
  to_node: string;
  seq: number;
  hash: string;
  prev: string;
  event_id: string;
  jws: string;
  stored_at: Generated<Timestamp>;
}

export interface LinkHeadTable {
  from_node: string;
  to_node: string;
  seq: Generated<number>;
  hash: string;
}

export interface PeerDeliveryTable {
  peer: string;
  acked_seq: Generated<number>;
  acked_hash: string | null;
  last_success_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_error: string | null;
  failures: Generated<number>;
  next_retry_at: Timestamp | null;
}

export interface TimelineEntry {
  eventId: string;
  kind: string;
  author: string;
  hlc: string;
  at: string;
  actor: EventActor;
  status: 'accepted' | 'rejected';
  reason?: string;
}

export interface RecordProjectionTable {
  record_id: string;
  record_type: string;
  owner: string;
  parties: string[];
  status: string;
  state: Json<Record<string, unknown>>;
  timeline: Json<TimelineEntry[]>;
  state_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Grows in commit order with every refold; the live feed's cursor. */
  change_seq: Generated<number>;
}

export interface StatFactTable {
  record_id: string;
  metric: string;
  at: Timestamp;
  from_node: string;
  to_node: string;
  station: string;
  category: string | null;
  priority: string | null;
  value: number;
}

export interface SyncIncidentTable {
  id: Generated<number>;
  at: Timestamp;
  peer: string;
  kind: string;
  seq: number | null;
  detail: string;
  evidence: Json<Record<string, unknown>>;
}

export interface NodeTokenJtiTable {
  jti: string;
  issuer: string;
  expires_at: Timestamp;
}

export interface Database {
  station: StationTable;
  officer: OfficerTable;
  node_key: NodeKeyTable;
  audit_log: AuditLogTable;
  event: EventTable;
  link_entry: LinkEntryTable;
  link_head: LinkHeadTable;
  peer_delivery: PeerDeliveryTable;
  record_projection: RecordProjectionTable;
  sync_incident: SyncIncidentTable;
  stat_fact: StatFactTable;
  node_token_jti: NodeTokenJtiTable;
}
