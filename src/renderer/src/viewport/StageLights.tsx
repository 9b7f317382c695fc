/** Soft studio lighting: sky/ground fill plus a key and a rim light; no shadow maps (contact shadows do that job). */
export function StageLights({ dark }: { dark: boolean }) {
  return (
    <>
      <hemisphereLight
        args={[dark ? '#c9d6ff' : '#ffffff', dark ? '#2a2118' : '#b8a48f', dark ? 1.6 : 1.9]}
      />
      <directionalLight position={[2.5, 4, 3]} intensity={dark ? 1.5 : 1.7} />
      <directionalLight
        position={[-3, 2.5, -2.5]}
        intensity={dark ? 0.6 : 0.55}
        color={dark ? '#9fb4ff' : '#dfe8ff'}
      />
    </>
  );
}
