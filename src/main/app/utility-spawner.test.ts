import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

/** utilityProcess.fork is replaced by a recorder returning an emitter that stands in for the child. */
const rec = vi.hoisted(() => ({
  forks: [] as {
    entry: string;
    args: string[];
    opts: { env: Record<string, string>; serviceName: string };
  }[],
  children: [] as unknown[],
}));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeChild extends Emitter {
    pid: number | undefined = 4242;
    posted: unknown[] = [];
    kills = 0;
    postMessage(msg: unknown) {
      this.posted.push(msg);
    }
    kill() {
      this.kills++;
      return true;
    }
  }
  return {
    utilityProcess: {
      fork: (entry: string, args: string[], opts: { env: Record<string, string>; serviceName: string }) => {
        rec.forks.push({ entry, args, opts });
        const child = new FakeChild();
        rec.children.push(child);
        return child;
      },
    },
  };
});

const { createUtilitySpawner } = await import('./utility-spawner');
type Child = EventEmitter & { pid: number | undefined; posted: unknown[]; kills: number };

describe('createUtilitySpawner', () => {
  it('forks the compute entry with the environment merged and undefined entries dropped', () => {
    process.env.H15_SPAWNER_TEST = 'from-parent';
    try {
      const spawn = createUtilitySpawner('/app/out/main/compute.js', {
        env: { EXTRA: '1', H15_SPAWNER_TEST: undefined },
      });
      const handle = spawn();
      const fork = rec.forks.at(-1)!;
      expect(fork.entry).toBe('/app/out/main/compute.js');
      expect(fork.args).toEqual([]);
      expect(fork.opts.env.EXTRA).toBe('1');
      // An option set to undefined removes the parent's value rather than passing "undefined".
      expect('H15_SPAWNER_TEST' in fork.opts.env).toBe(false);
      expect(Object.values(fork.opts.env).every((v) => typeof v === 'string')).toBe(true);
      expect(handle.pid).toBe(4242);
    } finally {
      delete process.env.H15_SPAWNER_TEST;
    }
  });

  it('relays messages both ways, reports exit codes, and stops sending or killing after exit', () => {
    const handle = createUtilitySpawner('/x/compute.js')();
    const child = rec.children.at(-1) as Child;
    const got: unknown[] = [];
    const exits: unknown[][] = [];
    handle.onMessage((m) => got.push(m));
    handle.onExit((code, signal) => exits.push([code, signal]));

    handle.send({ id: 1 });
    child.emit('message', { id: 1, ok: true });
    expect(child.posted).toEqual([{ id: 1 }]);
    expect(got).toEqual([{ id: 1, ok: true }]);

    child.emit('exit', 3);
    expect(exits).toEqual([[3, null]]);
    handle.send({ id: 2 });
    handle.kill();
    expect(child.posted).toEqual([{ id: 1 }]);
    expect(child.kills).toBe(0);
  });

  it('kills a running child', () => {
    const handle = createUtilitySpawner('/x/compute.js')();
    handle.kill();
    expect((rec.children.at(-1) as Child).kills).toBe(1);
  });
});
