import { ComingSoon } from '@/components/ComingSoon';

export function TasksPage() {
  return <ComingSoon title="Tasks">Soon you'll plan tasks inside your projects, track their status and time them with one click.</ComingSoon>;
}
