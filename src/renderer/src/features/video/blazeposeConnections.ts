/** The BlazePose skeleton's drawn edges (MediaPipe's POSE_CONNECTIONS, face outline left out): landmark index pairs. */
export const BLAZEPOSE_CONNECTIONS: readonly (readonly [number, number])[] = [
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
  [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
  [11, 23], [12, 24], [23, 24],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31],
  [24, 26], [26, 28], [28, 30], [30, 32], [28, 32],
  [0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
];

/** Left-side landmarks (odd indices from 11 on) draw in one colour, right-side in another. */
export function landmarkSide(k: number): 'left' | 'right' | 'centre' {
  if (k === 0) return 'centre';
  if (k <= 10) return [1, 2, 3, 7, 9].includes(k) ? 'left' : 'right';
  return k % 2 === 1 ? 'left' : 'right';
}
