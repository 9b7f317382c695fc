/**
 * Command-line parsing shared by the benchmark scripts: the flags every comparison bench takes (--rounds,
 * --smoke, --no-write, --no-peer where there is a peer to skip) plus a hook for each script's own flags.
 */

/** The options every benchmark run has; `peer` only where the script has a peer it can skip. */
export interface BenchOptions {
  rounds: number;
  smoke: boolean;
  write: boolean;
  peer?: boolean;
}

/** The flag being parsed and readers for its value (which consume the next argument). */
export interface FlagReader {
  readonly flag: string;
  value(): string;
  int(): number;
}

export interface BenchArgSpec<T extends BenchOptions> {
  /** All options at their defaults. --no-peer is accepted only when `defaults.peer` is set. */
  defaults: T;
  /** Accept --write (turns writing back on, also in a smoke run). */
  acceptWrite?: boolean;
  /**
   * Values a smoke run uses for options whose flag (`--<key>`) was not given, besides rounds 1 and no
   * writing: a smoke run checks that everything runs and is never a result.
   */
  smoke?: Partial<T>;
  /** The script's own flags: handle `r.flag` and return true, or return false for an unknown one. */
  extra?: (r: FlagReader, o: T) => boolean;
}

export function parseBenchArgs<T extends BenchOptions>(argv: readonly string[], spec: BenchArgSpec<T>): T {
  const o: T = { ...spec.defaults };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) throw new Error(`${flag} needs a positive integer`);
      return v;
    };
    if (flag === '--rounds') o.rounds = int();
    else if (flag === '--smoke') o.smoke = true;
    else if (flag === '--no-write') o.write = false;
    else if (flag === '--write' && spec.acceptWrite) o.write = true;
    else if (flag === '--no-peer' && spec.defaults.peer !== undefined) o.peer = false;
    else if (!spec.extra?.({ flag, value, int }, o)) throw new Error(`unknown argument ${flag}`);
  }
  if (o.smoke) {
    const smoke: Partial<T> = { rounds: 1, write: false, ...spec.smoke } as Partial<T>;
    for (const key of Object.keys(smoke) as (keyof T & string)[]) {
      if (!argv.includes(`--${key}`)) o[key] = smoke[key] as T[typeof key];
    }
  }
  return o;
}

/** The value after `name` in argv, or `fallback` (for the one-off helper scripts' loose flags). */
export function argValue(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}
