/** Where a command writes: injectable so tests can capture output. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** One CLI command; `run` returns the process exit code (0 ok, 1 failed, 2 usage). */
export interface Command {
  /** The words that select it, e.g. `forms check`. */
  name: string;
  usage: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

export const consoleIo: CommandIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};
