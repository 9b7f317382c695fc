import { events, isEventName, type EventName, type EventPayload } from '../../shared/api/contract';

type Listener = (payload: unknown) => void;

/** Fan-out of the contract's events to transports; payloads are checked against the contract before they leave. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener>>();

  subscribe(event: string, listener: Listener): () => void {
    if (!isEventName(event)) throw new TypeError(`unknown event "${event.slice(0, 100)}"`);
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    // Wrapping lets the same function subscribe twice and unsubscribe each subscription separately.
    const entry: Listener = (p) => listener(p);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<N extends EventName>(event: N, payload: EventPayload<N>): void {
    const checked = events[event].safeParse(payload);
    if (!checked.success) {
      process.stderr.write(`backend: dropped a ${event} event that does not match the contract\n`);
      return;
    }
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        l(checked.data);
      } catch (e) {
        process.stderr.write(`backend: a ${event} listener failed: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    }
  }

  count(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  clear(): void {
    this.listeners.clear();
  }
}
