export { createTiemengClient, type TiemengClient, type TiemengClientOptions } from './tiemeng-client.ts';
