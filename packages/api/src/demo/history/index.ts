import { assistanceStories } from './assistance-stories.ts';
import { mediationStories } from './mediation-stories.ts';
import { noticeStories } from './notice-stories.ts';
import type { Story } from './story.ts';

/** The 2025 joint history of Luoyang and Xixi stations that `npm start` seeds. */
export const demoHistory: Story[] = [...assistanceStories, ...noticeStories, ...mediationStories];

export { seedHistory } from './seed-history.ts';
