import { useStore } from '../../stores/createStore';
import { poseLab, type PoseLabState } from '../../stores/poseLab';

export function usePoseLab<T>(select: (s: PoseLabState) => T): T {
  return useStore(poseLab, select);
}
