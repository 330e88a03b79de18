import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { DzClient } from '../src/index.js';
import { ValidationError } from '../src/index.js';

// The library (everything under src/ except the CLI) must run in browsers, workers and other
// runtimes: no Node-only globals or modules. The scan works on the TypeScript syntax tree, so
// comments and strings never count.

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(REPO, 'src');
const CLI = join(SRC, 'cli');

function libraryFiles(dir = SRC): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== CLI) out.push(...libraryFiles(p));
    } else if (e.name.endsWith('.ts')) {
      out.push(p);
    }
  }
  return out.sort();
}

/** Node globals a library file must not touch (`Buffer` is allowed only when imported). */
const NODE_GLOBALS = new Set(['process', 'require', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate', 'NodeJS']);
/** Node's built-in modules, by their bare names (`buffer` is also the npm polyfill, allowed for Buffer). */
const NODE_BUILTINS = new Set(builtinModules.filter((m) => m !== 'buffer'));

function isNodeModule(spec: string): boolean {
  return spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]!);
}

/** Whether `id` is a reference to a global, not a property name, a key or a declaration name. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p)) && p.name === id) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  return true;
}

/** Every Node-only use in one file's source text, as "line: what". */
export function nodeOnlyUses(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const problems: string[] = [];
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  let bufferImported = false;
  const bufferUses: number[] = [];

  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const spec = n.moduleSpecifier.text;
      if (isNodeModule(spec)) problems.push(`${at(n)}: imports the Node module '${spec}'`);
      if (ts.isImportDeclaration(n) && spec === 'buffer') {
        const named = n.importClause?.namedBindings;
        if (named && ts.isNamedImports(named) && named.elements.some((e) => e.name.text === 'Buffer' && (e.propertyName?.text ?? 'Buffer') === 'Buffer')) {
          bufferImported = true;
        }
      }
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        const arg = n.arguments[0];
        if (arg && ts.isStringLiteralLike(arg) && isNodeModule(arg.text)) problems.push(`${at(n)}: imports the Node module '${arg.text}'`);
      }
      if (ts.isIdentifier(callee) && callee.text === 'require') problems.push(`${at(n)}: calls require(`);
    }
    if (ts.isIdentifier(n) && isReference(n)) {
      if (n.text === 'Buffer') bufferUses.push(at(n));
      else if (NODE_GLOBALS.has(n.text) && !(n.text === 'require' && ts.isCallExpression(n.parent) && n.parent.expression === n)) {
        problems.push(`${at(n)}: uses the Node global ${n.text}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!bufferImported) for (const line of bufferUses) problems.push(`${line}: uses Buffer without import { Buffer } from 'buffer'`);
  return problems;
}

describe('the library is runtime-neutral (src/ outside src/cli/)', () => {
  it('the scanner catches each kind of Node-only use, and ignores comments and strings', () => {
    // Given snippets with one Node-only use each
    const bad: Record<string, string> = {
      process: 'export const url = process.env.X;',
      nodeImport: "import { readFileSync } from 'node:fs';",
      bareBuiltin: "import { createHash } from 'crypto';",
      dynamicImport: "export const m = () => import('node:path');",
      require: "const x = require('bs58');",
      buffer: "export const b = Buffer.from([1]);",
      bufferType: 'export let b: Buffer | undefined;',
      nodeTypes: 'let t: NodeJS.Timeout;',
      dirname: 'export const d = __dirname;',
    };
    // When they are scanned, Then each is reported
    for (const [name, code] of Object.entries(bad)) expect(nodeOnlyUses(`${name}.ts`, code), name).not.toEqual([]);

    // And code that only mentions them in comments or strings, imports Buffer from the buffer
    // package, or has a property called `process`, passes
    const good = [
      "// process.env.X, require('x'), Buffer.from, import 'node:fs'\n/* NodeJS.Timeout */ export const s = 'process.env';",
      "import { Buffer } from 'buffer';\nexport const b = Buffer.from([1]);",
      'export const o = { process: 1 }; export const p = o.process;',
      'let t: ReturnType<typeof setTimeout>;',
    ];
    for (const code of good) expect(nodeOnlyUses('good.ts', code), code).toEqual([]);
  });

  it('no library file uses process, node: or builtin modules, require, Node globals, or an unimported Buffer', () => {
    // Given every TypeScript file under src/ except the CLI
    const files = libraryFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(files.map((f) => relative(REPO, f))).toContain('src/core/client/client.ts');
    expect(files.some((f) => f.startsWith(CLI + sep))).toBe(false);

    // When each is scanned
    const problems = files.flatMap((f) => nodeOnlyUses(f, readFileSync(f, 'utf8')).map((p) => `${relative(REPO, f)}:${p}`));

    // Then none has a Node-only use
    expect(problems).toEqual([]);
  });

  it('the layout shows the split: the core knows neither web3.js nor kit, each door only its own library', () => {
    // Given every import of every library file, with whether it is type-only
    const importsOf = (f: string): { spec: string; typeOnly: boolean }[] => {
      const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const out: { spec: string; typeOnly: boolean }[] = [];
      sf.forEachChild((n) => {
        if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
          const typeOnly = ts.isImportDeclaration(n) ? !!n.importClause?.isTypeOnly : n.isTypeOnly;
          out.push({ spec: n.moduleSpecifier.text, typeOnly });
        }
      });
      return out;
    };
    const under = (dir: string) => libraryFiles().filter((f) => f.startsWith(join(SRC, dir) + sep));
    const problems: string[] = [];
    const check = (dir: string, refuse: (i: { spec: string; typeOnly: boolean }) => boolean) => {
      const files = under(dir);
      expect(files.length, dir).toBeGreaterThan(2);
      for (const f of files) for (const i of importsOf(f)) if (refuse(i)) problems.push(`${relative(REPO, f)} imports ${i.spec}${i.typeOnly ? ' (types)' : ''}`);
    };
    const solana = (i: { spec: string }) => i.spec.startsWith('@solana/');
    // When the core, the web3.js door and the kit door are scanned
    check('core', (i) => solana(i) || i.spec === 'buffer' || i.spec === 'bs58' || i.spec === 'ws' || /(^|\/)(web3|kit)\//.test(i.spec));
    check('web3', (i) => i.spec.startsWith('@solana/kit') || i.spec === 'ws' || /(^|\/)kit\//.test(i.spec));
    // (kit is a type-only dependency of its door: nothing of it is loaded at run time)
    check('kit', (i) => (solana(i) && !(i.spec === '@solana/kit' && i.typeOnly)) || i.spec === 'buffer' || i.spec === 'ws' || /(^|\/)web3\//.test(i.spec));
    // Then the core imports no Solana library, and each door only its own; none of them the
    // ws package (the WebSocket class is given, or the runtime's)
    expect(problems).toEqual([]);
  });

  it('the CLI runs on the core: it imports neither web3.js nor kit, nor a door that does', () => {
    // Given every import of every CLI file
    const files = readdirSync(CLI).filter((f) => f.endsWith('.ts')).map((f) => join(CLI, f));
    expect(files.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const f of files) {
      const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      sf.forEachChild((n) => {
        if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
          const spec = n.moduleSpecifier.text;
          // Then none is a Solana library, the web3.js door (the package root) or the kit door
          if (spec.startsWith('@solana/') || spec === '../index.js' || /(^|\/)(web3|kit)\//.test(spec)) problems.push(`${relative(REPO, f)} imports ${spec}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('the library type-checks without Node types (ES2022 + DOM only)', () => {
    // Given the repository's compiler options with the Node types taken away
    const parsed = ts.getParsedCommandLineOfConfigFile(join(REPO, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    expect(parsed).toBeDefined();
    const options: ts.CompilerOptions = {
      ...parsed!.options,
      types: [],
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      noEmit: true,
      declaration: false,
      sourceMap: false,
    };

    // When the library files are compiled
    const program = ts.createProgram(libraryFiles(), options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${relative(REPO, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });

    // Then there is no error (a Node-only global or type would be one)
    expect(diagnostics).toEqual([]);
  });
});

describe('configuration comes in as options, never from the process environment', () => {
  const saved = process.env.DZPROV_RPC_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.DZPROV_RPC_URL;
    else process.env.DZPROV_RPC_URL = saved;
  });

  it('DzClient ignores process.env.DZPROV_RPC_URL unless the caller passes env', () => {
    // Given DZPROV_RPC_URL set in the process environment
    process.env.DZPROV_RPC_URL = 'http://127.0.0.1:1';
    // When a client is made without rpcUrl or env, Then it asks for an RPC URL
    expect(() => new DzClient({ network: 'devnet' })).toThrow(ValidationError);
    // And with env: process.env (what a Node application opts into) the variable is used
    expect(new DzClient({ network: 'devnet', env: process.env }).connection.rpcEndpoint).toBe('http://127.0.0.1:1');
  });
});
