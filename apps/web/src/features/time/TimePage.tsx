import { ComingSoon } from '@/components/ComingSoon';

export function TimePage() {
  return <ComingSoon title="Time">Soon you'll start and stop timers here and add or correct time entries by hand.</ComingSoon>;
}
