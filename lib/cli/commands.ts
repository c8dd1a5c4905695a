// The commands a CLI may hand to the running app. Both sides import this list, so the app runs
// exactly the code the CLI would have run itself.
export const cliCommands = ['load', 'users'] as const;
export type CliCommand = (typeof cliCommands)[number];
export type CliOut = (line: string) => void;
export type CliRunner = (argv: string[], out: CliOut) => Promise<number>;

/** The in-process implementation of a command (loaded lazily: the users CLI need not load the loader). */
export async function localRunner(command: CliCommand): Promise<CliRunner> {
  if (command === 'load') return (await import('../load/command')).runLoadCommand;
  return (await import('../users/command')).runUsersCommand;
}
