// @ts-check
/**
 * A TypeDoc plugin (typedoc.json "plugin"): a door's binding of a core function or type has
 * the core's doc comment. The doors (src/web3/door.ts, src/kit/door.ts) re-declare the core's
 * functions and types with their own address and instruction types
 * (`export const decodeDevice = withKeys(core.decodeDevice, KEYS)`); the meaning is the core's,
 * so the comment is written once, on the core declaration, and the reference takes it from
 * there for every door declaration of the same name that has none of its own.
 *
 * And the entries of a documented constant table (`DEVICE_OFFSETS`, `ENUM_SPECS`, the graph's
 * colour tables, ...) are data described by the table's comment: each entry without a comment of
 * its own is marked as an entry of that table instead of being reported as undocumented.
 */
import ts from 'typescript';
import { Comment, Converter, ReferenceType, ReflectionKind, ReflectionType } from 'typedoc';

const DOORS = /[\\/]src[\\/](web3|kit)[\\/](door|client)\.ts$/;
const CORE_INDEX = /[\\/]src[\\/]core[\\/]index\.ts$/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  /** @type {Map<string, ts.Symbol> | undefined} */
  let coreExports;
  /** @type {WeakMap<object, import('typedoc').Comment>} */
  const pending = new WeakMap();

  /** @param {import('typedoc').Context} context */
  function exportsOfCore(context) {
    if (coreExports) return coreExports;
    coreExports = new Map();
    for (const program of context.programs) {
      const sf = program.getSourceFiles().find((f) => CORE_INDEX.test(f.fileName));
      if (!sf) continue;
      const checker = program.getTypeChecker();
      const mod = checker.getSymbolAtLocation(sf);
      if (!mod) continue;
      for (const s of checker.getExportsOfModule(mod)) {
        coreExports.set(s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
      }
    }
    return coreExports;
  }

  /**
   * @param {import('typedoc').Context} context
   * @param {ts.Symbol} symbol
   * @param {ReflectionKind} kind
   */
  function commentOf(context, symbol, kind) {
    const decl = symbol.declarations?.[0];
    if (!decl) return undefined;
    if (ts.isFunctionDeclaration(decl)) return context.getSignatureComment(decl);
    if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))) {
      return context.getComment(symbol, ReflectionKind.Variable) ?? context.getSignatureComment(decl.initializer);
    }
    return context.getComment(symbol, kindOf(symbol) ?? kind);
  }

  /** @param {ts.Symbol} symbol */
  function kindOf(symbol) {
    const f = symbol.flags;
    if (f & ts.SymbolFlags.Interface) return ReflectionKind.Interface;
    if (f & ts.SymbolFlags.Class) return ReflectionKind.Class;
    if (f & ts.SymbolFlags.TypeAlias) return ReflectionKind.TypeAlias;
    if (f & ts.SymbolFlags.Enum) return ReflectionKind.Enum;
    if (f & ts.SymbolFlags.Variable) return ReflectionKind.Variable;
    return undefined;
  }

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    // A comment of modifier tags only (`@interface`: show the core type's fields) takes the
    // core's summary and block tags beside its own modifiers.
    if (reflection.comment && (reflection.comment.summary.some((p) => p.text.trim() !== '') || reflection.comment.blockTags.length > 0)) return;
    const own = reflection.comment;
    const symbol = context.getSymbolFromReflection(reflection);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    if (!symbol || !file || !DOORS.test(file)) return;
    // The doors' ENVIRONMENTS is the core's ENVIRONMENT_TABLE with the door's addresses.
    const core = exportsOfCore(context).get(symbol.name === 'ENVIRONMENTS' ? 'ENVIRONMENT_TABLE' : symbol.name);
    if (!core) return;
    const comment = commentOf(context, core, reflection.kind);
    if (!comment) return;
    const merged = comment.clone();
    for (const tag of own?.modifierTags ?? []) merged.modifierTags.add(tag);
    reflection.comment = merged;
    pending.set(reflection, merged);
  });

  app.converter.on(Converter.EVENT_CREATE_SIGNATURE, (_context, signature) => {
    const comment = pending.get(signature.parent);
    if (comment && !signature.comment) signature.comment = comment.clone();
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const table of context.project.getReflectionsByKind(ReflectionKind.Variable)) {
      // The table's type literal, also under `Readonly<...>` (Object.freeze).
      const type = table.type instanceof ReferenceType && table.type.name === 'Readonly' ? table.type.typeArguments?.[0] : table.type;
      if (!table.comment || !(type instanceof ReflectionType)) continue;
      /** @param {import('typedoc').DeclarationReflection} literal */
      const mark = (literal) => {
        for (const entry of literal.children ?? []) {
          if (!entry.comment) entry.comment = new Comment([{ kind: 'text', text: `An entry of the table \`${table.name}\` (see its description).` }]);
          if (entry.type instanceof ReflectionType) mark(entry.type.declaration);
        }
      };
      mark(type.declaration);
    }
  });
}
