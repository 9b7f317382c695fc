/** A fresh uint32 seed for "Shuffle", never the one in use (so the results always change). */
export function randomSeed(current: number, random: () => number = Math.random): number {
  for (;;) {
    const s = Math.floor(random() * 0x1_0000_0000) >>> 0;
    if (s !== current) return s;
  }
}
