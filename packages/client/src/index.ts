export { appCodeOf, isNodeError, messageOf } from './errors.ts';
export { type FeedData, followFeed } from './live-feed.ts';
export {
  createTiemengClient,
  type RouterInputs,
  type RouterOutputs,
  type TiemengClient,
  type TiemengClientOptions,
} from './tiemeng-client.ts';
