/** vitest globalSetup of the unit project: one loud line when dive's archives are absent. */
import { diveFixturesNotice } from './dive-fixtures';
import { recordSkipNotice } from './skip-notices';

export default function setup(): void {
  const notice = diveFixturesNotice();
  if (notice) recordSkipNotice(notice);
}
