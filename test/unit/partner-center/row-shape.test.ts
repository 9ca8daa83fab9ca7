import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { rowShape } from '../../../src/partner-center/row-shape';
import { commercialLicenseUsageRowSchema } from '../../../src/partner-center/schemas';
import { partnerSubscriptionRowSchema } from '../../../src/partner-center/subscription-schemas';

// What Partner Center could put in any field, the well-formed and the hostile.
const VALUES: unknown[] = [
  undefined,
  null,
  '',
  ' \t ',
  '00000000-0000-4000-8000-00000000000A',
  'Contoso <script>',
  0,
  7,
  -1,
  2.5,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  true,
  {},
  [],
];

const usageRow = {
  customerTenantId: '00000000-0000-4000-8000-00000000000a',
  customerName: 'Contoso',
  productName: 'MICROSOFT 365 E3',
  workloadName: 'Teams',
  serviceName: 'Office 365',
  channel: 'Reseller',
  licensesActive: 3,
  licensesQualified: 4,
  processedDateTime: '2026-11-30T00:00:00Z',
  workloadCode: 'TEAMS',
};

const subscriptionRow = {
  customerTenantId: '00000000-0000-4000-8000-00000000000a',
  customerName: 'Contoso',
  id: 'sub-1',
  status: 'Active',
  productName: 'Microsoft 365 E3',
  autoRenewEnabled: true,
  commitmentEndDate: '2027-01-01',
  licenseCount: 40,
  billingCycleName: 'Monthly',
  termDuration: 'P1Y',
  isTrial: false,
  churnRisk: 'Low',
};

/** The row itself, then each of its fields (and one unknown field) set to each value in turn. */
function variants(row: Record<string, unknown>): unknown[] {
  const rows: unknown[] = [row, ...VALUES];
  for (const field of [...Object.keys(row), 'unknownField']) {
    for (const value of VALUES) rows.push(JSON.parse(JSON.stringify({ ...row, [field]: value })) as unknown);
  }
  return rows;
}

describe('a row checked where it lies', () => {
  // ajv checks the JSON Schema zod derives; a refinement or a transform in a row schema would be left out
  // of it, and ajv would accept rows zod refuses. This is what would show it.
  it.each([
    ['commercial usage', commercialLicenseUsageRowSchema, usageRow],
    ['partner subscription', partnerSubscriptionRowSchema, subscriptionRow],
  ] as Array<[string, z.ZodType, Record<string, unknown>]>)('is accepted exactly when zod accepts it: %s rows', (_what, schema, row) => {
    const shape = rowShape(schema);
    const disagreements = variants(row)
      .map((variant) => ({ variant, ajv: shape.accepts(variant), zod: schema.safeParse(variant).success }))
      .filter(({ ajv, zod }) => ajv !== zod);
    expect(disagreements).toEqual([]);
    expect(shape.accepts(row)).toBe(true);
  });

  it("words a refused row with zod's account of it", () => {
    const shape = rowShape(commercialLicenseUsageRowSchema);
    const bad = { ...usageRow, licensesQualified: -1 };
    expect(shape.accepts(bad)).toBe(false);
    expect(shape.problem(bad)?.issues.map((issue) => issue.path)).toEqual([['licensesQualified']]);
    expect(shape.problem(usageRow)).toBeUndefined();
  });

  it('checks rows in a Node that may not turn text into code', () => {
    // ajv's checks are code it generates; a deployment may start Node with code generation from strings
    // disallowed. A child process started so runs this module (transpiled as it stands) on three rows.
    const root = join(__dirname, '../../..');
    const source = readFileSync(join(root, 'src/partner-center/row-shape.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const script = [
      'const module = { exports: {} };',
      `(function (exports, module) {\n${outputText}\n})(module.exports, module);`,
      "const { z } = require('zod');",
      'const shape = module.exports.rowShape(z.object({ count: z.number().int().nonnegative() }));',
      "process.stdout.write(JSON.stringify([{ count: 3 }, { count: -1 }, 'x'].map((row) => shape.accepts(row))));",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({ status: 0, stdout: '[true,false,false]', stderr: '' });
  });
});
