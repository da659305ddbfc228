export { actAs } from '@tiemeng/api/testing';
