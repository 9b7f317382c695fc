import { Html } from '@react-three/drei';
import type { Vec3 } from './mannequinParts';

/** A name tag on the floor in front of a figure, for telling grid candidates apart. */
export function FigureLabel({ position, text, dark }: { position: Vec3; text: string; dark: boolean }) {
  return (
    <Html position={position} center zIndexRange={[10, 0]} style={{ pointerEvents: 'none' }}>
      <div
        data-testid="figure-label"
        style={{
          whiteSpace: 'nowrap',
          font: '600 11px/1.2 system-ui, sans-serif',
          padding: '3px 8px',
          borderRadius: 999,
          color: dark ? '#e9ecef' : '#343a40',
          background: dark ? 'rgba(37, 38, 43, 0.85)' : 'rgba(255, 255, 255, 0.88)',
          boxShadow: '0 1px 3px rgba(0, 0, 0, 0.18)',
        }}
      >
        {text}
      </div>
    </Html>
  );
}
