import type { RouterInputs } from '@tiemeng/client';

/** The 2 a.m. request of the reference story: Xixi station asks Luoyang station to intercept four suspects. */
export const interceptFourSuspects: RouterInputs['assistance']['file'] = {
  requestingStation: 'fj-xixi',
  addressedStation: 'zj-luoyang',
  category: 'suspect_pursuit',
  priority: 'urgent',
  title: '协查拦截四名盗窃车内财物嫌疑人',
  details:
    'Four suspects broke into parked cars in Xixi at 01:40 and fled towards Taishun on foot and by car.',
  subjects: {
    persons: [
      { name: '张某', sex: 'male', approximateAge: 30, description: 'black jacket' },
      { sex: 'male', approximateAge: 25, description: 'grey hoodie, limps' },
      { sex: 'male', approximateAge: 40 },
      { sex: 'female', approximateAge: 28, description: 'red backpack' },
    ],
    vehicles: [{ plate: '闽J·7K2X9', make: 'Wuling', colour: 'white' }],
  },
  incident: { time: '2025-06-14T01:40:00+08:00', place: '犀溪镇仙宫桥停车场' },
  attachments: [{ name: 'cctv-0141.jpg', sha256: 'a'.repeat(64), size: 481_233 }],
};
