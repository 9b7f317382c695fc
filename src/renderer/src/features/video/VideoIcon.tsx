/** A film frame with a play mark, drawn like the studio's own icons (24×24, currentColor strokes). */
export const IconVideo = ({ size = 18 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <rect x="3" y="5" width="18" height="14" rx="2.5" />
    <path d="M10 9.2v5.6l4.6-2.8z" fill="currentColor" />
  </svg>
);
