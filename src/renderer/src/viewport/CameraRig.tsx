import { useEffect, useRef, type ComponentRef } from 'react';
import { useThree } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import { frameBox } from './layout';
import type { Vec3 } from './mannequinParts';

export interface CameraRigProps {
  bounds: { min: Vec3; max: Vec3 };
  /** Changing this re-frames the camera (new figures, a new layout, or the user's "frame" button). */
  frameKey: string;
  /** Direction from the target to the camera; defaults to a front-three-quarter view. */
  direction?: Vec3;
}

/** Orbit camera that frames the figures when asked, and otherwise leaves the user's view alone. */
export function CameraRig({ bounds, frameKey, direction }: CameraRigProps) {
  const controls = useRef<ComponentRef<typeof OrbitControls>>(null);
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  const boundsRef = useRef(bounds);
  boundsRef.current = bounds;
  const directionRef = useRef(direction);
  directionRef.current = direction;

  useEffect(() => {
    const fov = 'fov' in camera ? (camera as { fov: number }).fov : 35;
    const f = frameBox(boundsRef.current, fov, size.width / Math.max(1, size.height), directionRef.current);
    camera.position.set(...f.position);
    camera.lookAt(...f.target);
    controls.current?.target.set(...f.target);
    controls.current?.update();
    invalidate();
    // Re-frame on request and when the canvas changes shape, not on every pose edit.
  }, [frameKey, size.width, size.height, camera, invalidate]);

  return (
    <OrbitControls
      ref={controls}
      makeDefault
      enableDamping={false}
      minDistance={0.6}
      maxDistance={25}
      maxPolarAngle={Math.PI * 0.495}
    />
  );
}
