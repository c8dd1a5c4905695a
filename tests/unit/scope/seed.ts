// A small company for scope tests: two teams, three specialists, six clients.
//   team T1: S1 (clients C1, C2), S2 (C3)     team T2: S3 (C4, C5)     C6 has no specialist
import { exec } from '@/lib/db';

export const seed = {
  clientsOf: { S1: ['C1', 'C2'], S2: ['C3'], S3: ['C4', 'C5'] } as Record<string, string[]>,
  team: { T1: ['C1', 'C2', 'C3'], T2: ['C4', 'C5'] } as Record<string, string[]>,
  all: ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'],
};

export async function seedCompany(): Promise<void> {
  await exec(`INSERT INTO teams (team_id, name, _extract_id) VALUES ('T1', 'Отдел Север', 'x'), ('T2', 'Отдел Юг', 'x')`);
  await exec(`INSERT INTO specialists (specialist_id, full_name, team_id, active, _extract_id) VALUES
    ('S1', 'Иванов Иван', 'T1', true, 'x'), ('S2', 'Петрова Анна', 'T1', true, 'x'), ('S3', 'Сидоров Олег', 'T2', true, 'x')`);
  await exec(`INSERT INTO clients (client_id, name, inn, contract_no, segment, tax_system, region, specialist_id, status, _extract_id) VALUES
    ('C1', 'ООО Альфа', '7701000001', 'Д-1', 'Бухгалтерия', 'ОСНО', 'Москва', 'S1', 'active', 'x'),
    ('C2', 'ООО Бета', '7701000002', 'Д-2', 'Юристы', 'УСН', 'Москва', 'S1', 'suspended', 'x'),
    ('C3', 'ИП Гамма', '770100000003', 'Д-3', 'Бухгалтерия', 'ПСН', 'Тверь', 'S2', 'active', 'x'),
    ('C4', 'АО Дельта', '7701000004', 'Д-4', 'Бюджет', 'ОСНО', 'Сочи', 'S3', 'active', 'x'),
    ('C5', 'ООО Эпсилон', '7701000005', 'Д-5', 'Юристы', 'УСН', 'Сочи', 'S3', 'churned', 'x'),
    ('C6', 'ООО Без специалиста', NULL, NULL, NULL, NULL, NULL, NULL, 'active', 'x')`);
}
