import './quiet-node-warnings';
import { type Command, type CommandIo, consoleIo } from './commands/command';
import { formsCheck } from './commands/forms-check';
import { jobsRun } from './commands/jobs';
import { linksIssue } from './commands/links-issue';
import { orgsImport } from './commands/orgs-import';
import { setup } from './commands/setup';
import { usersAdd, usersList } from './commands/users';

export const commands: Command[] = [setup, formsCheck, linksIssue, usersAdd, usersList, orgsImport, jobsRun];

/** Finds the command whose words start `argv` and runs it with the rest. */
export async function runCli(argv: string[], io: CommandIo = consoleIo): Promise<number> {
  const command = commands.find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!command) {
    io.err(argv.length > 0 ? `未知命令：${argv.join(' ')}\n` : '');
    io.err(['用法：npm run cli -- <命令>', ...commands.map((c) => `  ${c.usage}`)].join('\n'));
    return 2;
  }
  return command.run(argv.slice(command.name.split(' ').length), io);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2));
}
