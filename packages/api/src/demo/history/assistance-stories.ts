import type { DemoSide } from '../demo-topology.ts';
import { type Create, type Input, type Plan, type Story, story } from './story.ts';

const STATION: Record<DemoSide, string> = { zj: 'zj-luoyang', fj: 'fj-xixi' };
const other = (side: DemoSide): DemoSide => (side === 'zj' ? 'fj' : 'zj');

type FileInput = Input['assistance']['file'];
type Subjects = NonNullable<FileInput['subjects']>;

interface Filing {
  category: FileInput['category'];
  priority: FileInput['priority'];
  title: string;
  details: string;
  persons?: Subjects['persons'];
  vehicles?: Subjects['vehicles'];
  place?: string;
}

/** A request from `from` to the partner: filing, then the partner's and requester's steps. */
function request(
  name: string,
  start: string,
  from: DemoSide,
  filing: Filing,
  then: (to: DemoSide) => Plan[],
): Story {
  const to = other(from);
  const file: Plan<Create> = [
    0,
    from,
    `${from}.officer`,
    (c) =>
      c.assistance.file({
        requestingStation: STATION[from],
        addressedStation: STATION[to],
        category: filing.category,
        priority: filing.priority,
        title: filing.title,
        details: filing.details,
        subjects: { persons: filing.persons ?? [], vehicles: filing.vehicles ?? [] },
        incident: { time: start, place: filing.place },
      }),
  ];
  return story(name, start, [file, ...then(to)]);
}

const ack = (m: number, to: DemoSide): Plan => [
  m,
  to,
  `${to}.duty`,
  (c, id) => c.assistance.acknowledge({ id, remark: '已签收' }),
];
const start = (m: number, to: DemoSide): Plan => [
  m,
  to,
  `${to}.officer`,
  (c, id) => c.assistance.start({ id }),
];
const complete = (m: number, to: DemoSide, result: Omit<Input['assistance']['complete'], 'id'>): Plan => [
  m,
  to,
  `${to}.officer`,
  (c, id) => c.assistance.complete({ id, ...result }),
];
const close = (m: number, from: DemoSide, rating: number): Plan => [
  m,
  from,
  `${from}.officer`,
  (c, id) => c.assistance.close({ id, rating, remark: '感谢兄弟单位配合' }),
];

/**
 * A year of assistance requests between Luoyang and Xixi: every category and outcome, a late
 * acknowledgement, an information exchange, a decline, a withdrawal and a request still open.
 * Contributes 4 cases solved, 7 missing persons traced and 2 fugitives intercepted.
 */
export const assistanceStories: Story[] = [
  request(
    'pursuit-jan',
    '2025-01-08T02:10:00+08:00',
    'fj',
    {
      category: 'suspect_pursuit',
      priority: 'urgent',
      title: '协查拦截两名盗窃摩托车嫌疑人',
      details: 'Two suspects stole motorcycles in Xixi and rode towards Taishun on the county road.',
      persons: [
        { sex: 'male', approximateAge: 22 },
        { sex: 'male', approximateAge: 27 },
      ],
      place: '犀溪镇',
    },
    (to) => [
      ack(6, to),
      start(10, to),
      complete(95, to, {
        outcome: 'intercepted',
        text: '在S205卡口拦截两名嫌疑人',
        suspectsIntercepted: 2,
        caseSolved: true,
      }),
      close(600, 'fj', 5),
    ],
  ),
  request(
    'vehicle-feb',
    '2025-02-12T10:00:00+08:00',
    'zj',
    {
      category: 'vehicle_check',
      priority: 'normal',
      title: '核查涉案车辆行驶轨迹',
      details: 'A van used in a fraud case was seen near the provincial border.',
      vehicles: [{ plate: '浙C·3F81Q', make: 'Jinbei', colour: 'silver' }],
    },
    (to) => [
      ack(40, to),
      start(60, to),
      complete(2 * 1440, to, {
        outcome: 'located',
        text: '车辆在寿宁县城停车场找到，涉案人员落网',
        caseSolved: true,
      }),
      close(3 * 1440, 'zj', 5),
    ],
  ),
  request(
    'missing-mar',
    '2025-03-03T19:30:00+08:00',
    'fj',
    {
      category: 'missing_person_search',
      priority: 'urgent',
      title: '协查寻找两名走失儿童',
      details: 'Two children left home after school and may have crossed into Taishun.',
      persons: [
        { sex: 'male', approximateAge: 9 },
        { sex: 'female', approximateAge: 11 },
      ],
    },
    (to) => [
      ack(9, to),
      start(12, to),
      complete(180, to, { outcome: 'located', text: '两名儿童在罗阳镇找到，已安全送回', personsLocated: 2 }),
    ],
  ),
  request(
    'verify-mar',
    '2025-03-20T09:00:00+08:00',
    'zj',
    {
      category: 'person_verification',
      priority: 'normal',
      title: '核实一名务工人员身份',
      details: 'Verify the identity and residence of a worker involved in a wage dispute.',
      persons: [{ name: '李某', sex: 'male', approximateAge: 45 }],
    },
    (to) => [
      ack(95, to),
      [120, to, `${to}.officer`, (c, id) => c.assistance.requestInfo({ id, text: '请提供当事人出生年份' })],
      [150, 'zj', 'zj.officer', (c, id) => c.assistance.provideInfo({ id, text: '1980年' })],
      start(180, to),
      complete(1440, to, { outcome: 'other', text: '身份核实无误' }),
      close(1500, 'zj', 4),
    ],
  ),
  request(
    'evidence-apr',
    '2025-04-15T08:30:00+08:00',
    'fj',
    {
      category: 'evidence_collection',
      priority: 'normal',
      title: '调取加油站监控录像',
      details: 'CCTV of a Taishun petrol station for a theft case in Xixi.',
    },
    (to) => [
      ack(180, to),
      start(200, to),
      complete(2 * 1440, to, { outcome: 'other', text: '监控已调取并移交，案件告破', caseSolved: true }),
      close(3 * 1440, 'fj', 5),
    ],
  ),
  request(
    'missing-may',
    '2025-05-02T16:00:00+08:00',
    'zj',
    {
      category: 'missing_person_search',
      priority: 'urgent',
      title: '协查寻找走失老人',
      details: 'An elderly man with dementia walked away from a village near the border.',
      persons: [{ sex: 'male', approximateAge: 81, description: 'blue jacket, walking stick' }],
    },
    (to) => [
      ack(12, to),
      start(15, to),
      complete(300, to, { outcome: 'located', text: '老人在犀溪镇被找到', personsLocated: 1 }),
    ],
  ),
  request(
    'pursuit-jun',
    '2025-06-14T02:00:00+08:00',
    'fj',
    {
      category: 'suspect_pursuit',
      priority: 'urgent',
      title: '协查拦截盗窃车内财物嫌疑人',
      details: 'Suspects broke into parked cars at 01:40 and fled towards Taishun.',
      persons: [
        { sex: 'male', approximateAge: 30 },
        { sex: 'male', approximateAge: 25 },
      ],
      vehicles: [{ plate: '闽J·7K2X9', make: 'Wuling', colour: 'white' }],
    },
    (to) => [
      ack(8, to),
      start(10, to),
      complete(240, to, { outcome: 'not_found', text: '布控未发现，车辆已出省' }),
      close(900, 'fj', 4),
    ],
  ),
  request(
    'missing-jul',
    '2025-07-09T21:00:00+08:00',
    'zj',
    {
      category: 'missing_person_search',
      priority: 'urgent',
      title: '协查寻找溺水风险失联人员',
      details: 'Two anglers lost contact near the border reservoir.',
    },
    (to) => [
      ack(20, to),
      start(25, to),
      complete(420, to, { outcome: 'located', text: '两人在对岸找到', personsLocated: 2 }),
    ],
  ),
  request(
    'vehicle-aug',
    '2025-08-01T11:00:00+08:00',
    'fj',
    {
      category: 'vehicle_check',
      priority: 'normal',
      title: '核查一辆外省车辆',
      details: 'Check the registration of a car seen at several thefts.',
    },
    (to) => [
      [
        30,
        to,
        `${to}.duty`,
        (c, id) => c.assistance.decline({ id, reason: '该车辆不在本辖区登记，请联系车管部门' }),
      ],
      close(60, 'fj', 3),
    ],
  ),
  request(
    'other-aug',
    '2025-08-28T14:00:00+08:00',
    'zj',
    {
      category: 'other',
      priority: 'normal',
      title: '协助送达法律文书',
      details: 'Deliver a court summons to a resident of Xixi.',
    },
    () => [[90, 'zj', 'zj.officer', (c, id) => c.assistance.withdraw({ id, reason: '当事人已主动到案' })]],
  ),
  request(
    'missing-sep',
    '2025-09-16T07:40:00+08:00',
    'fj',
    {
      category: 'missing_person_search',
      priority: 'urgent',
      title: '协查寻找离家出走学生',
      details: 'A student left home after an argument and took a bus towards Taishun.',
    },
    (to) => [
      ack(5, to),
      start(7, to),
      complete(150, to, { outcome: 'located', text: '在罗阳汽车站找到', personsLocated: 1 }),
    ],
  ),
  request(
    'pursuit-oct',
    '2025-10-05T23:15:00+08:00',
    'zj',
    {
      category: 'suspect_pursuit',
      priority: 'urgent',
      title: '协查抓捕诈骗案嫌疑人',
      details: 'A fraud suspect is believed to be hiding with relatives in Xixi.',
    },
    (to) => [
      ack(14, to),
      start(20, to),
      complete(3 * 1440, to, { outcome: 'arrested', text: '嫌疑人在亲属家中被抓获', caseSolved: true }),
      close(4 * 1440, 'zj', 5),
    ],
  ),
  request(
    'missing-nov',
    '2025-11-11T18:00:00+08:00',
    'fj',
    {
      category: 'missing_person_search',
      priority: 'normal',
      title: '协查寻找失联务工人员',
      details: 'A worker has not contacted his family for ten days.',
    },
    (to) => [
      ack(50, to),
      start(60, to),
      complete(2 * 1440, to, { outcome: 'located', text: '在泰顺工地找到本人', personsLocated: 1 }),
    ],
  ),
  request(
    'verify-dec',
    '2025-12-29T10:00:00+08:00',
    'zj',
    {
      category: 'person_verification',
      priority: 'urgent',
      title: '核实涉嫌赌博人员身份',
      details: 'Verify identities of three people detained at a gambling den.',
    },
    (to) => [ack(10, to), start(30, to)],
  ),
];
