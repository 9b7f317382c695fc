import { useMemo } from 'react';
import { Line } from '@react-three/drei';
import { NUM_BODY_JOINTS, PARENTS } from '@shared/body';
import type { Vec3 } from './mannequinParts';

export interface PoseSkeletonProps {
  /** Joint positions from forward kinematics (24 × 3, metres). */
  positions: ArrayLike<number>;
  offset: Vec3;
  color: string;
  name?: string;
}

/**
 * A pose drawn as a stick figure over everything else (no depth test): a reference such as the mean pose μ
 * stays readable through solid and ghost bodies alike.
 */
export function PoseSkeleton({ positions, offset, color, name = 'skeleton' }: PoseSkeletonProps) {
  const { segments, joints } = useMemo(() => {
    const at = (j: number): Vec3 => [positions[j * 3], positions[j * 3 + 1], positions[j * 3 + 2]];
    const segs: Vec3[] = [];
    const pts: Vec3[] = [];
    for (let j = 0; j < NUM_BODY_JOINTS; j++) {
      pts.push(at(j));
      if (j > 0) segs.push(at(PARENTS[j]), at(j));
    }
    return { segments: segs, joints: pts };
  }, [positions]);
  return (
    <group position={offset} name={name} renderOrder={10}>
      <Line points={segments} segments color={color} lineWidth={3} depthTest={false} transparent opacity={0.95} renderOrder={10} />
      {joints.map((p, j) => (
        <mesh key={j} position={p} renderOrder={11} raycast={() => null}>
          <sphereGeometry args={[0.018, 12, 8]} />
          <meshBasicMaterial color={color} depthTest={false} transparent opacity={0.95} />
        </mesh>
      ))}
    </group>
  );
}
