import { ComingSoon } from '@/components/ComingSoon';

export function AdminPage() {
  return <ComingSoon title="Admin">Soon you'll manage the people on this Stint server: their roles and whether their accounts are active.</ComingSoon>;
}
