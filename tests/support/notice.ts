import type { RouterInputs } from '@tiemeng/client';

/** A valid 18-digit resident ID (check character 5) used across the notice tests. */
export const FUGITIVE_ID = '330302199001011235';

/** Luoyang station asks Xixi to detain a burglary suspect believed to have crossed into Shouning. */
export const burglaryFugitive: RouterInputs['notice']['issue'] = {
  kind: 'fugitive',
  issuingStation: 'zj-luoyang',
  recipientStations: ['fj-xixi'],
  subject: {
    name: '李某某',
    aliases: ['阿强'],
    sex: 'male',
    birthDate: '1990-01-01',
    idNumber: FUGITIVE_ID,
    photo: { sha256: 'b'.repeat(64), size: 204_800 },
    description: '身高约175cm，偏瘦，左手背有刺青',
  },
  lastSeen: { place: '泰顺县罗阳镇汽车站', time: '2025-06-14T22:10:00+08:00' },
  contactOfficer: { name: '王警官', phone: '0577-0000000' },
  fugitive: {
    caseNumber: '泰公刑〔2025〕101号',
    warrantReference: '泰公（刑）捕字〔2025〕7号',
    offence: '入室盗窃',
    caution: ['violent'],
    requestedAction: 'detain',
  },
};

/** Xixi station reports an elderly man with dementia missing, possibly towards Taishun. */
export const missingGrandfather: RouterInputs['notice']['issue'] = {
  kind: 'missing_person',
  issuingStation: 'fj-xixi',
  recipientStations: ['zj-luoyang'],
  subject: { name: '陈某', sex: 'male', birthDate: '1946-03-02', description: '灰色中山装，拄拐杖' },
  lastSeen: { place: '寿宁县犀溪镇仙宫桥', time: '2025-06-14T16:00:00+08:00' },
  contactOfficer: { name: '林警官' },
  missing: { circumstances: '午饭后独自出门未归', vulnerability: ['elderly', 'dementia'] },
};
