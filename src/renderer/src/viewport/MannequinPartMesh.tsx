import { useEffect, useMemo } from 'react';
import { CapsuleGeometry, SphereGeometry, type BufferGeometry } from 'three';
import { RoundedBoxGeometry } from 'three/examples/jsm/geometries/RoundedBoxGeometry.js';
import type { ThreeEvent } from '@react-three/fiber';
import type { MannequinPart } from './mannequinParts';

// Shared unit geometries, scaled per part; capsules keep true radii (scaling would squash their caps).
const UNIT_SPHERE = new SphereGeometry(1, 32, 20);

export interface MannequinPartMeshProps {
  part: MannequinPart;
  color: string;
  emissive?: string;
  opacity: number;
  interactive: boolean;
  onSelect?: (joint: number) => void;
  onHover?: (joint: number | null) => void;
}

/** Geometry whose size is fixed for a part's lifetime (bones are rigid, so sizes never change with the pose). */
function partGeometry(part: MannequinPart): BufferGeometry | null {
  if (part.shape === 'capsule') return new CapsuleGeometry(part.radius, part.length, 8, 20);
  if (part.shape === 'box') {
    const [w, h, d] = part.size;
    return new RoundedBoxGeometry(w, h, d, 3, Math.min(w, h, d) * 0.45);
  }
  return null;
}

function sizeKey(part: MannequinPart): string {
  if (part.shape === 'capsule') return `c${part.radius}:${part.length.toFixed(4)}`;
  if (part.shape === 'box') return `b${part.size.join(',')}`;
  return part.shape;
}

/** One body part; interactive parts select the joint that moves them. */
export function MannequinPartMesh({
  part,
  color,
  emissive,
  opacity,
  interactive,
  onSelect,
  onHover,
}: MannequinPartMeshProps) {
  const key = sizeKey(part);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const geometry = useMemo(() => partGeometry(part), [key]);
  useEffect(() => () => geometry?.dispose(), [geometry]);
  const translucent = opacity < 1;
  const handlers = interactive
    ? {
        onClick: (e: ThreeEvent<MouseEvent>) => {
          e.stopPropagation();
          onSelect?.(part.joint);
        },
        onPointerOver: (e: ThreeEvent<PointerEvent>) => {
          e.stopPropagation();
          onHover?.(part.joint);
        },
        onPointerOut: () => onHover?.(null),
      }
    : { raycast: () => null };

  const material = (
    <meshStandardMaterial
      // A material switching between opaque and translucent is rebuilt, so three recompiles its blending.
      key={translucent ? 'translucent' : 'opaque'}
      color={color}
      emissive={emissive ?? '#000000'}
      emissiveIntensity={emissive ? 0.35 : 0}
      roughness={part.shape === 'joint' ? 0.45 : 0.62}
      metalness={0.02}
      transparent={translucent}
      opacity={opacity}
      depthWrite={!translucent}
      // Ghosts often coincide with the solid figure; pushing them back in depth keeps them from tinting it.
      polygonOffset={translucent}
      polygonOffsetFactor={translucent ? 2 : 0}
      polygonOffsetUnits={translucent ? 8 : 0}
    />
  );

  switch (part.shape) {
    case 'capsule':
      return (
        <mesh geometry={geometry!} position={part.position} quaternion={part.quaternion} {...handlers}>
          {material}
        </mesh>
      );
    case 'ellipsoid':
      return (
        <mesh
          geometry={UNIT_SPHERE}
          position={part.position}
          quaternion={part.quaternion}
          scale={part.radii}
          {...handlers}
        >
          {material}
        </mesh>
      );
    case 'box':
      return (
        <mesh geometry={geometry!} position={part.position} quaternion={part.quaternion} {...handlers}>
          {material}
        </mesh>
      );
    case 'joint':
      return (
        <mesh
          geometry={UNIT_SPHERE}
          position={part.position}
          scale={part.radius}
          userData={{ joint: part.joint }}
          {...handlers}
        >
          {material}
        </mesh>
      );
  }
}
