/** The Pose lab's file-action icons, drawn like the studio's own (24×24 grid, currentColor strokes). */
type IconProps = { size?: number };

function Stroke({ size = 16, d }: IconProps & { d: string }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={d} />
    </svg>
  );
}

/** Arrow down into a tray. */
export const IconExport = (p: IconProps) => <Stroke {...p} d="M12 4v11M7.5 10.5L12 15l4.5-4.5M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15" />;
/** Arrow up out of a tray. */
export const IconImport = (p: IconProps) => <Stroke {...p} d="M12 15V4M7.5 8.5L12 4l4.5 4.5M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15" />;
/** A document with a folded corner. */
export const IconFile = (p: IconProps) => <Stroke {...p} d="M14 3.5H7A1.5 1.5 0 0 0 5.5 5v14A1.5 1.5 0 0 0 7 20.5h10a1.5 1.5 0 0 0 1.5-1.5V8zM14 3.5V8h4.5M9 13h6M9 16.5h6" />;
