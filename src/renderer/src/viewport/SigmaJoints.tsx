import { JOINT_BALL_RADIUS, type Vec3 } from './mannequinParts';

export interface SigmaJointsProps {
  /** Joint positions from forward kinematics (24 × 3, metres). */
  positions: ArrayLike<number>;
  offset: Vec3;
  /** Per-joint σ of the 22 body joints (radians). */
  sigma: readonly number[];
  /** A colour per joint (same order as sigma). */
  colors: readonly string[];
}

/** How far past its ball a joint's halo reaches per radian of σ (metres): 0.2 rad adds 2 cm, never more than 8 cm. */
const HALO_PER_RADIAN = 0.1;
const MAX_HALO = 0.08;
const MIN_BALL = 0.028;

/**
 * Per-joint uncertainty on a posed figure: each body joint's ball recoloured by its σ, inside a translucent halo
 * whose size grows with σ, so the loosest joints read at a glance from colour and size alike.
 */
export function SigmaJoints({ positions, offset, sigma, colors }: SigmaJointsProps) {
  return (
    <group position={offset} name="sigma-joints">
      {sigma.map((s, j) => {
        const p: Vec3 = [positions[j * 3], positions[j * 3 + 1], positions[j * 3 + 2]];
        const ball = Math.max(MIN_BALL, (JOINT_BALL_RADIUS[j] ?? MIN_BALL) * 1.08);
        const halo = ball + Math.min(MAX_HALO, HALO_PER_RADIAN * Math.max(0, s));
        return (
          <group key={j} position={p}>
            <mesh scale={ball} raycast={() => null} userData={{ joint: j, sigma: s }}>
              <sphereGeometry args={[1, 24, 16]} />
              <meshStandardMaterial color={colors[j]} roughness={0.4} emissive={colors[j]} emissiveIntensity={0.25} />
            </mesh>
            <mesh scale={halo} raycast={() => null} renderOrder={5}>
              <sphereGeometry args={[1, 24, 16]} />
              <meshBasicMaterial color={colors[j]} transparent opacity={0.16} depthWrite={false} />
            </mesh>
          </group>
        );
      })}
    </group>
  );
}
