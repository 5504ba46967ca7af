/** Stint's mark and word; decorative when `label` is false (e.g. next to a visible heading). */
export function Logo({ label = true }: { label?: boolean }) {
  return (
    <span className="logo">
      <svg className="logo-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="currentColor" />
        <circle cx="16" cy="17" r="8.5" fill="none" stroke="var(--color-on-primary)" strokeWidth="2.5" />
        <path d="M16 12.5V17l3 2" fill="none" stroke="var(--color-on-primary)" strokeWidth="2.5" strokeLinecap="round" />
        <path d="M13.5 5.5h5" stroke="var(--color-on-primary)" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      {label && <span className="logo-word">Stint</span>}
    </span>
  );
}
