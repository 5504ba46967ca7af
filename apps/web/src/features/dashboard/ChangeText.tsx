import { changeDirection, formatPercentChange } from '@/features/dashboard/format';

const ARROWS = { up: '▲', down: '▼', flat: '', none: '' } as const;

/** "▲ +12.50%", "▼ −5.00%", or "—" when the previous period had nothing to compare with. */
export function ChangeText({ change }: { change: number | null }) {
  const direction = changeDirection(change);
  return (
    <span className={`change change-${direction}`}>
      {ARROWS[direction] && <span aria-hidden="true">{ARROWS[direction]} </span>}
      {formatPercentChange(change)}
      {direction === 'none' && <span className="visually-hidden"> (nothing to compare with)</span>}
    </span>
  );
}
