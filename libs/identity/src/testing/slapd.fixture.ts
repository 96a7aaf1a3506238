import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { freePort } from '../../../../.ci/jest/postgres.js';

const run = promisify(execFile);

/** A user entry (`inetOrgPerson` under `ou=people`) to seed. */
export interface SlapdUser {
  readonly uid: string;
  readonly password: string;
  /** Further attributes of the entry (`cn` and `sn` default to the uid). */
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
}

/** A group (`groupOfNames` under `ou=groups`) and the uids of its members. */
export interface SlapdGroup {
  readonly cn: string;
  readonly members: readonly string[];
}

/** A running test directory. */
export interface SlapdDirectory {
  /** `ldap://127.0.0.1:<port>/` */
  readonly url: string;
  /** `dc=cqrs-ddd,dc=test` */
  readonly baseDN: string;
  /** `ou=people,<baseDN>` */
  readonly peopleDN: string;
  /** `ou=groups,<baseDN>` */
  readonly groupsDN: string;
  /** The service account that may search (users cannot be read anonymously). */
  readonly bindDN: string;
  readonly bindCredentials: string;
  /** Stops slapd (SIGTERM, then SIGKILL after 5 s) and deletes its directory. */
  stop(): Promise<void>;
}

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'];
const BASE_DN = 'dc=cqrs-ddd,dc=test';

/** `{SSHA}` of `password`, as slapd checks it on bind. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function entry(dn: string, attributes: Record<string, string | readonly string[]>): string {
  const lines = [`dn: ${dn}`];
  for (const [name, value] of Object.entries(attributes)) {
    for (const item of typeof value === 'string' ? [value] : value) lines.push(`${name}: ${item}`);
  }
  return `${lines.join('\n')}\n`;
}

function seedLdif(users: readonly SlapdUser[], groups: readonly SlapdGroup[], reader: string) {
  const people = `ou=people,${BASE_DN}`;
  return [
    entry(BASE_DN, { objectClass: ['dcObject', 'organization'], dc: 'cqrs-ddd', o: 'cqrs-ddd' }),
    entry(`cn=reader,${BASE_DN}`, {
      objectClass: ['organizationalRole', 'simpleSecurityObject'],
      cn: 'reader',
      userPassword: ssha(reader),
    }),
    entry(people, { objectClass: 'organizationalUnit', ou: 'people' }),
    entry(`ou=groups,${BASE_DN}`, { objectClass: 'organizationalUnit', ou: 'groups' }),
    ...users.map((user) =>
      entry(`uid=${user.uid},${people}`, {
        objectClass: 'inetOrgPerson',
        uid: user.uid,
        cn: user.uid,
        sn: user.uid,
        userPassword: ssha(user.password),
        ...user.attributes,
      }),
    ),
    ...groups.map((group) =>
      entry(`cn=${group.cn},ou=groups,${BASE_DN}`, {
        objectClass: 'groupOfNames',
        cn: group.cn,
        member: group.members.map((uid) => `uid=${uid},${people}`),
      }),
    ),
  ].join('\n');
}

/** slapd.conf: the mdb database in `dir`; passwords only for binding, entries only for users. */
function slapdConf(dir: string, rootPassword: string): string {
  return [
    ...SCHEMAS.map((schema) => `include /etc/ldap/schema/${schema}.schema`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'database mdb',
    'maxsize 16777216',
    `suffix "${BASE_DN}"`,
    `rootdn "cn=admin,${BASE_DN}"`,
    `rootpw ${ssha(rootPassword)}`,
    `directory ${join(dir, 'db')}`,
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ].join('\n');
}

/** Resolves when `child` exits (at once when it already has). */
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/**
 * Starts a real OpenLDAP `slapd` (the Debian package) in a temporary directory, with its own
 * slapd.conf and an mdb database seeded by `slapadd` — `ou=people` users with `{SSHA}`
 * passwords, `ou=groups` groupOfNames, and a service account `cn=reader` — listening on a free
 * port of 127.0.0.1. Resolves once the service account can bind and search.
 */
export async function startSlapd(seed: {
  users: readonly SlapdUser[];
  groups: readonly SlapdGroup[];
}): Promise<SlapdDirectory> {
  const dir = mkdtempSync(join(tmpdir(), 'cqrs-slapd-'));
  mkdirSync(join(dir, 'db'));
  const bindCredentials = randomBytes(12).toString('hex');
  const conf = join(dir, 'slapd.conf');
  writeFileSync(conf, slapdConf(dir, randomBytes(12).toString('hex')));
  writeFileSync(join(dir, 'seed.ldif'), seedLdif(seed.users, seed.groups, bindCredentials));
  try {
    await run(SLAPADD, ['-f', conf, '-l', join(dir, 'seed.ldif')]);
    const { url, child } = await listen(conf, `cn=reader,${BASE_DN}`, bindCredentials);
    return {
      url,
      baseDN: BASE_DN,
      peopleDN: `ou=people,${BASE_DN}`,
      groupsDN: `ou=groups,${BASE_DN}`,
      bindDN: `cn=reader,${BASE_DN}`,
      bindCredentials,
      stop: async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited(child);
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts slapd on a free port (another one if the port was taken meanwhile) and waits for it. */
async function listen(conf: string, bindDN: string, password: string) {
  for (let attempt = 1; ; attempt++) {
    const url = `ldap://127.0.0.1:${await freePort()}/`;
    const child = spawn(SLAPD, ['-f', conf, '-h', url, '-d', '0'], { stdio: 'ignore' });
    const search = ['-x', '-H', url, '-D', bindDN, '-w', password, '-b', BASE_DN, '-s', 'base'];
    const state = await pollUntil(
      async () => {
        if (child.exitCode !== null) return 'exited';
        return run('ldapsearch', [...search, 'dn']).then(
          () => 'ready',
          () => 'starting',
        );
      },
      (current) => current !== 'starting',
      15_000,
    );
    if (state === 'ready') return { url, child };
    child.kill('SIGKILL');
    await exited(child);
    if (attempt === 3) {
      throw new Error(`slapd ${state} without answering on ${url}; run it with "-d 1" to see why.`);
    }
  }
}
