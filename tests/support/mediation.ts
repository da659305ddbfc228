import type { RouterInputs } from '@tiemeng/client';

/** A tea-field boundary dispute across the Zhejiang–Fujian border, opened at Luoyang with Xixi as co-mediator. */
export const teaFieldBoundary: RouterInputs['mediation']['open'] = {
  openingStation: 'zj-luoyang',
  partnerStation: 'fj-xixi',
  disputeType: 'land_boundary',
  summary: '两村村民因省界茶园地界发生争执 — tea field boundary on the provincial border',
  mechanism: { kind: 'joint' },
  parties: [{ name: '吴某', province: 'zhejiang', role: 'claimant', contact: '0577-0000000' }],
  mediators: [{ name: '罗阳所民警 陈某', kind: 'officer', node: 'zj-taishun' }],
};
