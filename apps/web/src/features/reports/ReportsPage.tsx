import { ComingSoon } from '@/components/ComingSoon';

export function ReportsPage() {
  return <ComingSoon title="Reports">Soon you'll see where your time went by project, task and day, and export it.</ComingSoon>;
}
