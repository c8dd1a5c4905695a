// The commands a CLI may hand to the running app. Both sides import this list, so the app runs
// exactly the code the CLI would have run itself. `users` is not one: it writes app.sqlite
// directly (lib/state), which any number of processes may open at once.
export const cliCommands = ['load'] as const;
export type CliCommand = (typeof cliCommands)[number];
export type CliOut = (line: string) => void;
export type CliRunner = (argv: string[], out: CliOut) => Promise<number>;

/** The in-process implementation of a command (loaded lazily). */
export async function localRunner(command: CliCommand): Promise<CliRunner> {
  switch (command) {
    case 'load': return (await import('../load/command')).runLoadCommand;
  }
}
