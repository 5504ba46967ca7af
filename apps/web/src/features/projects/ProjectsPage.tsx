import { ComingSoon } from '@/components/ComingSoon';

export function ProjectsPage() {
  return <ComingSoon title="Projects">Soon you'll group work into projects, with hourly rates and budgets.</ComingSoon>;
}
