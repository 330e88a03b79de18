/**
 * Type-checks a TypeScript program as a user's strict TypeScript sees the package: an ES module
 * importing `dzprov`, `dzprov/kit`, `dzprov/graph`, `dzprov/sample-node` (and `@solana/kit`), resolved to the built declarations (dist/*.d.ts), with the
 * repository's compiler settings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface TypeError {
  /** 1-based line in `code`. */
  line: number;
  code: number;
  text: string;
}

/** The type errors of `code` (dist/ must be built). */
export function typeErrors(code: string): TypeError[] {
  const dir = mkdtempSync(join(tmpdir(), 'dzprov-typecheck-'));
  try {
    const file = join(dir, 'sample.mts');
    writeFileSync(file, code);
    const config = ts.getParsedCommandLineOfConfigFile(join(REPO, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram([file], {
      ...config.options,
      noEmit: true,
      rootDir: undefined,
      typeRoots: [join(REPO, 'node_modules/@types')],
      paths: {
        dzprov: [join(REPO, 'dist/index.d.ts')],
        'dzprov/kit': [join(REPO, 'dist/kit/index.d.ts')],
        'dzprov/graph': [join(REPO, 'dist/graph/index.d.ts')],
        'dzprov/sample-node': [join(REPO, 'dist/cli/node/index.d.ts')],
        '@solana/kit': [join(REPO, 'node_modules/@solana/kit/dist/types/index.d.ts')],
      },
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ({
      line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
      code: d.code,
      text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
