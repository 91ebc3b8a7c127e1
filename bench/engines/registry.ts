/**
 * @module bench/engines/registry
 * Every engine of the comparison benchmark (issue 6), in report order: sealtable's three,
 * raw classic-level, and the SQLite engines of `bench/engines/sqlite.ts` (`sqliteEngines`)
 * when that module exists. It is loaded dynamically because its packages are optional (a
 * separate install, `bench/sqlite/`); whether each of its engines can run is its own
 * `available()`'s answer. When that module is absent or fails to load, its engines
 * (`better-sqlite3`, `sqlcipher`) are listed as unavailable with the reason, never a crash.
 */
import { classicLevelEngine } from './classic-level.js';
import { sealtableEngines } from './sealtable.js';
import type { EngineFactory } from './types.js';

/** The optional module of the SQLite engines (written apart; see bench/sqlite/). */
const SQLITE_MODULE = './sqlite.js';
/** The engines that module provides (types.ts), reported as skipped when it cannot be loaded. */
const SQLITE_ENGINE_NAMES = ['better-sqlite3', 'sqlcipher'] as const;

/** An engine that cannot run here, for the reason given. */
function unavailable(name: string, reason: string): EngineFactory {
  return {
    name,
    available: async () => reason,
    create: () => Promise.reject(new Error(`${name} is not available: ${reason}`)),
  };
}

/** Every engine factory, in report order; SQLite engines whose module is absent or broken are placeholders that report why. */
export async function loadEngines(): Promise<EngineFactory[]> {
  const factories: EngineFactory[] = [...sealtableEngines, classicLevelEngine];
  let reason: string;
  try {
    // A variable specifier: the module is optional, so the type checker must not require it.
    const specifier: string = SQLITE_MODULE;
    const mod = (await import(specifier)) as { sqliteEngines?: unknown };
    if (Array.isArray(mod.sqliteEngines)) return [...factories, ...(mod.sqliteEngines as EngineFactory[])];
    reason = 'bench/engines/sqlite.ts does not export sqliteEngines: EngineFactory[]';
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    reason = /Cannot find module '[^']*engines[/\\]sqlite\.(js|ts)'/.test(message) ? 'bench/engines/sqlite.ts is not present' : `bench/engines/sqlite.ts failed to load: ${message}`;
  }
  return [...factories, ...SQLITE_ENGINE_NAMES.map((name) => unavailable(name, reason))];
}

/** Whether a factory can run here: `true`, or the reason it cannot (a throwing `available()` included). */
export async function availability(factory: EngineFactory): Promise<true | string> {
  try {
    return await factory.available();
  } catch (e) {
    return `available() threw: ${(e as Error).message ?? String(e)}`;
  }
}
