import type { Database } from '@tiemeng/db';
import type { Kysely } from 'kysely';
import type { NodeConfig } from '../config/node-config.ts';
import { TiemengError } from '../errors/index.ts';

export interface NewStation {
  id: string;
  nodeId: string;
  nameZh: string;
  nameEn: string;
  province: string;
}

/** Stations of this node and of its peers (peers' stations can be addressed by records). */
export class StationService {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Upserts the stations named in config: this node's and every peer's. */
  async syncFromConfig(config: NodeConfig): Promise<void> {
    const rows = [
      ...config.stations.map((s) => ({ ...s, nodeId: config.nodeId, province: config.province })),
      ...config.peers.flatMap((p) => p.stations.map((s) => ({ ...s, nodeId: p.nodeId, province: '' }))),
    ];
    for (const s of rows) {
      await this.#db
        .insertInto('station')
        .values({ id: s.id, node_id: s.nodeId, name_zh: s.nameZh, name_en: s.nameEn, province: s.province })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ name_zh: s.nameZh, name_en: s.nameEn, node_id: s.nodeId }),
        )
        .execute();
    }
  }

  async create(db: Kysely<Database>, station: NewStation) {
    const inserted = await db
      .insertInto('station')
      .values({
        id: station.id,
        node_id: station.nodeId,
        name_zh: station.nameZh,
        name_en: station.nameEn,
        province: station.province,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted)
      throw new TiemengError('ALREADY_EXISTS', { message: `Station ${station.id} already exists` });
    return toDto(inserted);
  }

  async list() {
    const rows = await this.#db.selectFrom('station').selectAll().orderBy('id').execute();
    return rows.map(toDto);
  }

  async disable(db: Kysely<Database>, id: string) {
    const row = await db
      .updateTable('station')
      .set({ disabled: true })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new TiemengError('NOT_FOUND', { message: `No station ${id}` });
    return toDto(row);
  }
}

function toDto(r: {
  id: string;
  node_id: string;
  name_zh: string;
  name_en: string;
  province: string;
  disabled: boolean;
}) {
  return {
    id: r.id,
    nodeId: r.node_id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    province: r.province,
    disabled: r.disabled,
  };
}
