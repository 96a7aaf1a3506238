import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Root of the repository. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A lock older than this is left over by a killed run. */
const STALE_LOCK_MS = 180_000;

/** The library projects (`libs/*`) that `tsconfig.build.json` references, in its order. */
export async function libraryProjects(): Promise<string[]> {
  const build = JSON.parse(await readFile(join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as {
    references?: { path: string }[];
  };
  return (build.references ?? [])
    .map(({ path }) => path)
    .filter((path) => path.startsWith('libs/'));
}

/**
 * Child processes of the reliability tests run the built libraries (`libs/*\/dist`): this
 * brings `projects` (tsconfig paths relative to the repository root, e.g.
 * `libs/outbox/tsconfig.lib.json`; default: every library of `tsconfig.build.json`) up to date,
 * as `npx tsc -b <projects>` from the repository root does — incremental, so about half a
 * second when nothing changed; project references build their dependencies first. Test files
 * running at once take turns through a lock file, so that no child starts on outputs another
 * build is rewriting. Call it in `beforeAll` with a long timeout.
 */
export async function ensureLibsBuilt(projects?: readonly string[]): Promise<void> {
  const targets = projects ?? (await libraryProjects());
  const hash = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
  const lock = join(tmpdir(), `cqrs-ddd-libs-build-${hash}.lock`);
  const handle = await acquire(lock);
  try {
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-b', ...targets], {
      cwd: REPO_ROOT,
      timeout: 150_000,
    }).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`Building ${targets.join(', ')} failed: ${error.stdout || error.message}`);
    });
  } finally {
    await handle.close();
    await unlink(lock).catch(() => undefined);
  }
}

async function acquire(lock: string) {
  for (;;) {
    try {
      return await open(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (stats) => Date.now() - stats.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
