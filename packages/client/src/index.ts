export {
  createTiemengClient,
  type RouterInputs,
  type RouterOutputs,
  type TiemengClient,
  type TiemengClientOptions,
} from './tiemeng-client.ts';
