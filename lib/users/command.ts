// `npm run users -- <command>`: add / list / remove users, change passwords and issue API keys.
// Usage:
//   users add <login> --role head|specialist|executive [--password P] [--specialist-id ID] [--teams T1,T2] [--name "Display"]
//   users list
//   users remove <login>
//   users passwd <login> [--password P]   (ends the user's sessions and deletes their API keys)
//   users api-key <login>        (the key is the LAST line of the output; it is shown only once)
import { parseArgs } from 'node:util';
import { roles, type Role } from '../db/scope';
import { createApiKey } from './api-keys';
import { generatePassword } from './password';
import { addUser, changePassword, listUsers, removeUser, UserError } from './users';

export const USAGE = [
  'Использование (usage):',
  '  users add <login> --role head|specialist|executive [--password P] [--specialist-id ID] [--teams T1,T2] [--name "Имя"]',
  '  users list',
  '  users remove <login>',
  '  users passwd <login> [--password P]',
  '  users api-key <login>',
];

/** Run one users command; lines go to `out`. Returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function runUsersCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'add': return await add(rest, out);
      case 'list': return await list(out);
      case 'remove': return await remove(rest, out);
      case 'passwd': return await passwd(rest, out);
      case 'api-key': return await apiKey(rest, out);
      case undefined: case 'help': case '--help': case '-h':
        USAGE.forEach((l) => out(l));
        return cmd === undefined ? 2 : 0;
      default:
        out(`Неизвестная команда «${cmd}» (unknown command)`);
        USAGE.forEach((l) => out(l));
        return 2;
    }
  } catch (e) {
    if (e instanceof UserError) {
      out(`Ошибка: ${e.message}`);
      return 1;
    }
    // parseArgs: unknown option or missing value
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      out(`Ошибка в параметрах (bad arguments): ${e.message}`);
      USAGE.forEach((l) => out(l));
      return 2;
    }
    out(`Ошибка: ${(e as Error).message}`);
    return 1;
  }
}

async function add(args: string[], out: (l: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      role: { type: 'string' }, password: { type: 'string' }, 'specialist-id': { type: 'string' },
      teams: { type: 'string' }, name: { type: 'string' },
    },
  });
  if (positionals.length !== 1) {
    out('Укажите один логин (give exactly one login): users add <login> --role …');
    return 2;
  }
  if (!values.role || !(roles as readonly string[]).includes(values.role)) {
    out(`Укажите --role head|specialist|executive (got: ${values.role ?? 'nothing'})`);
    return 2;
  }
  const generated = values.password === undefined;
  const password = values.password ?? generatePassword();
  const teamIds = values.teams?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  const u = await addUser({
    login: positionals[0], role: values.role as Role, password,
    specialistId: values['specialist-id'] ?? null, teamIds, displayName: values.name ?? null,
  });
  out(`Пользователь «${u.login}» добавлен (user added): роль ${u.role}${u.specialistId ? `, специалист ${u.specialistId}` : ''}${u.teamIds ? `, отделы ${u.teamIds.join(',')}` : u.role === 'head' ? ', все отделы' : ''}`);
  if (generated) out(`Пароль (password, shown once): ${password}`);
  return 0;
}

async function list(out: (l: string) => void): Promise<number> {
  const users = await listUsers();
  if (!users.length) {
    out('Пользователей нет (no users)');
    return 0;
  }
  out(['login', 'role', 'specialist', 'teams', 'name', 'created'].join('\t'));
  for (const u of users) {
    out([u.login, u.role, u.specialistId ?? '-', u.teamIds?.join(',') ?? (u.role === 'head' ? '*' : '-'), u.displayName ?? '-', u.createdAt].join('\t'));
  }
  return 0;
}

async function remove(args: string[], out: (l: string) => void): Promise<number> {
  if (args.length !== 1) {
    out('Укажите логин (give a login): users remove <login>');
    return 2;
  }
  if (!(await removeUser(args[0]))) {
    out(`Пользователь «${args[0]}» не найден (user not found)`);
    return 1;
  }
  out(`Пользователь «${args[0]}» удалён вместе с его API-ключами (user and API keys removed)`);
  return 0;
}

async function passwd(args: string[], out: (l: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { password: { type: 'string' } } });
  if (positionals.length !== 1) {
    out('Укажите один логин (give exactly one login): users passwd <login> [--password P]');
    return 2;
  }
  const login = positionals[0];
  const generated = values.password === undefined;
  const password = values.password ?? generatePassword();
  if (!(await changePassword(login, password))) {
    out(`Пользователь «${login}» не найден (user not found)`);
    return 1;
  }
  out(`Пароль «${login}» изменён; его сеансы завершены, API-ключи удалены (password changed; sessions ended, API keys deleted)`);
  if (generated) out(`Пароль (password, shown once): ${password}`);
  return 0;
}

async function apiKey(args: string[], out: (l: string) => void): Promise<number> {
  if (args.length !== 1) {
    out('Укажите логин (give a login): users api-key <login>');
    return 2;
  }
  const key = await createApiKey(args[0]);
  out(`API-ключ для «${args[0]}» (shown once; send as "Authorization: Bearer <key>"):`);
  out(key);
  return 0;
}
