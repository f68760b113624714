import { execFile, spawn } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import pg from 'pg';
import { redactUrl } from '../config';
import { TOOLS_BIN_DIR, TOOLS_DIR, goInstall, whyNotRunnable, withBuildLock } from './go-build';
import { prefixedLog, silentLog, type Log } from './log';
import { databaseExists, dropDatabase } from './postgres';
import { ServerStartError, pollUntilReady, retryWhenPortTaken, stopServerProcess, watchServerProcess } from './server-process';
import type { TemporalDevServer } from './temporal-dev-server';

/**
 * The production Temporal server (frontend, history, matching and worker services in one process) persisting to
 * PostgreSQL: found or built into `.tools/`, its two databases set up with Temporal's own SQL tool, started from a
 * generated config on free ports. The same server version runs in docker-compose.yml.
 */

export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
const SERVER_MODULE = 'go.temporal.io/server';
/** go.mod of v1.32.2 asks for a newer Go than many machines have; Go fetches this toolchain from the module proxy. */
const GO_TOOLCHAIN = 'go1.27.3';
export const LOCAL_TEMPORAL_SERVER = path.join(TOOLS_BIN_DIR, 'temporal-server');
export const LOCAL_TEMPORAL_SQL_TOOL = path.join(TOOLS_BIN_DIR, 'temporal-sql-tool');
/** The module's SQL schemas, copied beside the binaries so a start never needs Go or the module cache. */
const LOCAL_SCHEMA_DIR = path.join(TOOLS_DIR, 'share', `temporal-server-${TEMPORAL_SERVER_VERSION}`, 'schema');
const POSTGRES_SCHEMA_SUBDIR = path.join('postgresql', 'v12');
const SQL_PLUGIN = 'postgres12';

const versionNumber = TEMPORAL_SERVER_VERSION.slice(1).replaceAll('.', '\\.');
/** What we build must be exactly this version; a configured binary only has to be a Temporal server. */
const EXACT_SERVER_OUTPUT = new RegExp(`^temporal version ${versionNumber}\\b`, 'm');
const EXACT_SQL_TOOL_OUTPUT = new RegExp(`^temporal-sql-tool version ${versionNumber}\\b`, 'm');
const ANY_SERVER_OUTPUT = /^temporal version \d/m;
const ANY_SQL_TOOL_OUTPUT = /^temporal-sql-tool version \d/m;

export interface TemporalServerTools {
  serverPath: string;
  sqlToolPath: string;
  /** Holds `postgresql/v12/{temporal,visibility}/versioned`. */
  schemaDir: string;
}

export interface ResolveTemporalServerToolsOptions {
  log?: Log;
  /** TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH, TEMPORAL_SCHEMA_DIR: used as given, never built over. */
  serverPath?: string;
  sqlToolPath?: string;
  schemaDir?: string;
}

/**
 * Each part: the configured path, else `.tools/`, else built with Go (server and SQL tool) or copied from the Go
 * module (schemas), under the build lock shared with the temporal CLI.
 */
export async function resolveTemporalServerTools(opts: ResolveTemporalServerToolsOptions = {}): Promise<TemporalServerTools> {
  const log = opts.log ?? silentLog;
  const configured = {
    serverPath: opts.serverPath && (await configuredBinary(opts.serverPath, 'TEMPORAL_SERVER_PATH', ANY_SERVER_OUTPUT)),
    sqlToolPath:
      opts.sqlToolPath && (await configuredBinary(opts.sqlToolPath, 'TEMPORAL_SQL_TOOL_PATH', ANY_SQL_TOOL_OUTPUT)),
    schemaDir: opts.schemaDir && (await configuredSchemaDir(opts.schemaDir)),
  };
  const local = async (): Promise<Partial<TemporalServerTools>> => ({
    serverPath: configured.serverPath || (await localBinary(LOCAL_TEMPORAL_SERVER, EXACT_SERVER_OUTPUT)),
    sqlToolPath: configured.sqlToolPath || (await localBinary(LOCAL_TEMPORAL_SQL_TOOL, EXACT_SQL_TOOL_OUTPUT)),
    schemaDir: configured.schemaDir || ((await schemaDirProblem(LOCAL_SCHEMA_DIR)) ? undefined : LOCAL_SCHEMA_DIR),
  });
  const found = await local();
  if (isComplete(found)) return found;

  return withBuildLock(log, `Temporal server ${TEMPORAL_SERVER_VERSION}`, async () => {
    // Another process may have built what we lack while we waited for the lock.
    const now = await local();
    const serverPath =
      now.serverPath ??
      (await buildBinary(log, 'Temporal server', 'cmd/server', 'server', LOCAL_TEMPORAL_SERVER, EXACT_SERVER_OUTPUT));
    const sqlToolPath =
      now.sqlToolPath ??
      (await buildBinary(log, 'Temporal SQL tool', 'cmd/tools/sql', 'sql', LOCAL_TEMPORAL_SQL_TOOL, EXACT_SQL_TOOL_OUTPUT));
    const schemaDir = now.schemaDir ?? (await copySchemasFromModule(log));
    return { serverPath, sqlToolPath, schemaDir };
  });
}

function isComplete(tools: Partial<TemporalServerTools>): tools is TemporalServerTools {
  return Boolean(tools.serverPath && tools.sqlToolPath && tools.schemaDir);
}

async function configuredBinary(file: string, variable: string, versionOutput: RegExp): Promise<string> {
  const resolved = path.resolve(file);
  const problem = await whyNotRunnable(resolved, versionOutput);
  if (problem) {
    throw new Error(`${variable} ชี้ไปที่โปรแกรมที่ใช้ไม่ได้ / ${variable} is not usable: ${resolved} (${problem})`);
  }
  return resolved;
}

async function configuredSchemaDir(dir: string): Promise<string> {
  const resolved = path.resolve(dir);
  const problem = await schemaDirProblem(resolved);
  if (problem) {
    throw new Error(
      `TEMPORAL_SCHEMA_DIR ไม่มีสคีมา PostgreSQL ของ Temporal / TEMPORAL_SCHEMA_DIR has no Temporal PostgreSQL ` +
        `schemas: ${resolved} (${problem}; expected ${POSTGRES_SCHEMA_SUBDIR}/temporal/versioned and .../visibility/versioned)`,
    );
  }
  return resolved;
}

async function localBinary(file: string, versionOutput: RegExp): Promise<string | undefined> {
  return (await whyNotRunnable(file, versionOutput)) ? undefined : file;
}

async function schemaDirProblem(dir: string): Promise<string | undefined> {
  for (const store of ['temporal', 'visibility']) {
    try {
      await latestSchemaVersion(path.join(dir, POSTGRES_SCHEMA_SUBDIR, store, 'versioned'));
    } catch (err) {
      return (err as Error).message;
    }
  }
  return undefined;
}

async function buildBinary(
  log: Log,
  name: string,
  packagePath: string,
  builtName: string,
  destination: string,
  versionOutput: RegExp,
): Promise<string> {
  log(
    `กำลังสร้าง ${name} ${TEMPORAL_SERVER_VERSION} ด้วย Go (ครั้งแรกใช้เวลาหลายนาที) / ` +
      `building the ${name} ${TEMPORAL_SERVER_VERSION} with Go: the first build takes several minutes`,
  );
  const result = await goInstall({
    target: `${SERVER_MODULE}/${packagePath}@${TEMPORAL_SERVER_VERSION}`,
    builtName,
    destination,
    label: `${name} ${TEMPORAL_SERVER_VERSION}`,
    log,
    env: { GOTOOLCHAIN: GO_TOOLCHAIN },
  });
  if (result.kind === 'go-missing') {
    throw new Error(
      `ไม่พบคำสั่ง go จึงสร้าง ${name} ไม่ได้ / cannot build the ${name}: \`go\` is not installed. ` +
        'Install Go, or set TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH and TEMPORAL_SCHEMA_DIR.',
    );
  }
  if (result.kind === 'failed') {
    throw new Error(`สร้าง ${name} ไม่สำเร็จ / building the ${name} failed:\n${result.tail.join('\n')}`);
  }
  const problem = await whyNotRunnable(destination, versionOutput);
  if (problem) throw new Error(`ไฟล์ที่สร้างได้ใช้งานไม่ได้ / the built ${name} does not run: ${problem}`);
  log(`สร้างเสร็จแล้ว / built: ${destination}`);
  return destination;
}

/** `go mod download` names the module's directory in the module cache; only the PostgreSQL schemas are kept. */
async function copySchemasFromModule(log: Log): Promise<string> {
  const moduleDir = await new Promise<string>((resolve, reject) => {
    execFile(
      'go',
      ['mod', 'download', '-json', `${SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`],
      { cwd: TOOLS_DIR, env: { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN }, timeout: 600_000 },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new Error(
              `หาสคีมาของ Temporal ไม่ได้ / cannot fetch the Temporal schemas with \`go mod download\`` +
                ` (${stderr.trim() || err.message}); install Go or set TEMPORAL_SCHEMA_DIR`,
              { cause: err },
            ),
          );
          return;
        }
        resolve((JSON.parse(stdout) as { Dir: string }).Dir);
      },
    );
  });
  const source = path.join(moduleDir, 'schema', POSTGRES_SCHEMA_SUBDIR);
  const staging = `${LOCAL_SCHEMA_DIR}.partial`;
  await rm(staging, { recursive: true, force: true });
  await copyTree(source, path.join(staging, POSTGRES_SCHEMA_SUBDIR));
  await rm(LOCAL_SCHEMA_DIR, { recursive: true, force: true });
  await rename(staging, LOCAL_SCHEMA_DIR);
  log(`คัดลอกสคีมาแล้ว / copied the Temporal PostgreSQL schemas: ${LOCAL_SCHEMA_DIR}`);
  return LOCAL_SCHEMA_DIR;
}

/** Contents only: the module cache is read-only, and copies with its modes could not be deleted later. */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target);
    else if (entry.isFile()) await writeFile(target, await readFile(source));
  }
}

/** The highest `vX.Y` directory; the SQL tool applies every version up to it. */
async function latestSchemaVersion(versionedDir: string): Promise<string> {
  const versions = (await readdir(versionedDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && /^v\d+\.\d+$/.test(e.name))
    .map((e) => e.name.slice(1));
  if (versions.length === 0) throw new Error(`no vX.Y directories in ${versionedDir}`);
  return versions.sort(compareVersions).at(-1)!;
}

function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

// ---------------------------------------------------------------------------------------------------------------
// Databases

export interface TemporalDatabases {
  /** Executions, histories, task queues, namespaces. */
  temporal: string;
  /** Workflow lists and search attributes. */
  visibility: string;
}

/** `<base>_temporal` and `<base>_temporal_visibility`, beside the application's own database. */
export function temporalDatabaseNames(base: string): TemporalDatabases {
  return { temporal: `${base}_temporal`, visibility: `${base}_temporal_visibility` };
}

interface SqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The URL's sslmode, handed to the Go driver (lib/pq) as a connect attribute; none means no TLS. */
  sslmode?: string;
}

const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'];

function sqlEndpointOf(adminUrl: string): SqlEndpoint {
  const url = new URL(adminUrl);
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  if (sslmode !== undefined && !SSL_MODES.includes(sslmode)) {
    throw new Error(
      `Temporal server ใช้ sslmode=${sslmode} ไม่ได้ / the Temporal server does not support sslmode=${sslmode} ` +
        `(${redactUrl(adminUrl)}); use one of ${SSL_MODES.join(', ')}`,
    );
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
    sslmode,
  };
}

function connectAddress(endpoint: SqlEndpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

export interface SetupTemporalDatabasesOptions {
  /** A URL of the PostgreSQL server (any database on it) whose user may create databases. */
  adminUrl: string;
  databases: TemporalDatabases;
  tools: Pick<TemporalServerTools, 'sqlToolPath' | 'schemaDir'>;
  log?: Log;
}

/**
 * Creates each database and brings its schema to the latest version with the SQL tool. A database already at the
 * latest version is left alone without running the tool; one at an older version is upgraded in place.
 */
export async function setupTemporalDatabases(opts: SetupTemporalDatabasesOptions): Promise<void> {
  const log = opts.log ?? silentLog;
  const stores = [
    { database: opts.databases.temporal, schema: 'temporal' },
    { database: opts.databases.visibility, schema: 'visibility' },
  ];
  for (const { database, schema } of stores) {
    const versionedDir = path.join(opts.tools.schemaDir, POSTGRES_SCHEMA_SUBDIR, schema, 'versioned');
    const latest = await latestSchemaVersion(versionedDir);
    const current = await currentSchemaVersion(opts.adminUrl, database);
    if (current === latest) continue;
    log(
      `ตั้งสคีมา ${database} ${current ?? '(ใหม่)'} → ${latest} / setting up Temporal database ${database}: ` +
        `${current ? `schema ${current}` : 'new'} → ${latest}`,
    );
    if (current === undefined && !(await databaseExists(opts.adminUrl, database))) {
      await runSqlTool(opts.tools.sqlToolPath, opts.adminUrl, database, ['create-database']);
    }
    await runSqlTool(opts.tools.sqlToolPath, opts.adminUrl, database, ['setup-schema', '-v', '0.0']);
    await runSqlTool(opts.tools.sqlToolPath, opts.adminUrl, database, ['update-schema', '-d', versionedDir]);
  }
}

/** undefined: no database, or no schema_version table in it yet. */
async function currentSchemaVersion(adminUrl: string, database: string): Promise<string | undefined> {
  if (!(await databaseExists(adminUrl, database))) return undefined;
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const table = await client.query<{ present: boolean }>("SELECT to_regclass('schema_version') IS NOT NULL AS present");
    if (!table.rows[0]?.present) return undefined;
    const { rows } = await client.query<{ curr_version: string }>(
      'SELECT curr_version FROM schema_version WHERE version_partition = 0 AND db_name = $1',
      [database],
    );
    return rows[0]?.curr_version;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connection settings go through the tool's environment variables, so the password never shows in `ps`. */
function runSqlTool(sqlToolPath: string, adminUrl: string, database: string, command: string[]): Promise<void> {
  const endpoint = sqlEndpointOf(adminUrl);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SQL_PLUGIN,
    SQL_HOST: endpoint.host,
    SQL_PORT: String(endpoint.port),
    SQL_USER: endpoint.user,
    SQL_PASSWORD: endpoint.password,
    SQL_DATABASE: database,
  };
  if (endpoint.sslmode) env.SQL_CONNECT_ATTRIBUTES = `sslmode=${endpoint.sslmode}`;
  return new Promise((resolve, reject) => {
    execFile(sqlToolPath, command, { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) {
        resolve();
        return;
      }
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
      reject(
        new Error(
          `เครื่องมือ SQL ของ Temporal ทำงานไม่สำเร็จ / temporal-sql-tool ${command.join(' ')} on ${database} failed ` +
            `(${redactUrl(adminUrl)}):\n${tail}`,
          { cause: err },
        ),
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Server

export interface TemporalServerOptions {
  tools: TemporalServerTools;
  /** The PostgreSQL server that holds (or will hold) the two databases; its user must be able to create them. */
  postgresAdminUrl: string;
  databases: TemporalDatabases;
  /** Config and log file. Unset: a temporary directory, removed on stop. */
  workDir?: string;
  /** 0 or unset: a free port. Every other port (membership, internal services, metrics) is always a free one. */
  grpcPort?: number;
  namespace?: string;
  /** Fixed when the databases are set up: a later start with another number fails. */
  numHistoryShards?: number;
  /** Connections to the main database per service (four services run in the process), at most and kept idle. */
  maxConnsPerService?: number;
  maxIdleConnsPerService?: number;
  /** Extra dynamic config, key → value (e.g. rate limits for a bench). */
  dynamicConfig?: Record<string, unknown>;
  /** Drop both databases after the server has stopped (tests and benches with fresh databases). */
  dropDatabasesOnStop?: boolean;
  log?: Log;
  readyTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on stop. */
  stopGraceMs?: number;
}

export interface TemporalServer extends TemporalDevServer {
  /** Prometheus scrape endpoint of the server's own metrics. */
  metricsUrl: string;
  /** The two databases, main first. */
  databases: string[];
  /** Where the server's log lines go (warnings and errors). */
  logFile: string;
}

const HOST = '127.0.0.1';
const DEFAULT_NAMESPACE = 'default';
const DEFAULT_HISTORY_SHARDS = 8;
/**
 * Four services share the process, each with its own pools: at most 4 × (10 + 2) connections, well below
 * PostgreSQL's default 100, and a quiet server keeps 4 × (2 + 1) open on a server that tests share.
 */
const DEFAULT_MAX_CONNS_PER_SERVICE = 10;
const DEFAULT_MAX_IDLE_CONNS_PER_SERVICE = 2;
const VISIBILITY_MAX_CONNS = 2;
const VISIBILITY_MAX_IDLE_CONNS = 1;
/** Closed workflow histories are kept this long; the audit trail of decisions lives in our own tables. */
const NAMESPACE_RETENTION = '30 days';
const DEFAULT_READY_TIMEOUT_MS = 120_000;
const DEFAULT_STOP_GRACE_MS = 15_000;
const OUTPUT_LINES_KEPT = 40;
/** gRPC status codes (the SDK's errors carry them as numbers). */
const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;

/**
 * Sets up the databases, then runs the server and resolves once the namespace exists and history answers.
 * Same shape as startTemporalDevServer (address, stop), so callers choose an engine with one branch.
 */
export async function startTemporalServer(opts: TemporalServerOptions): Promise<TemporalServer> {
  const log = opts.log ?? silentLog;
  await setupTemporalDatabases({ adminUrl: opts.postgresAdminUrl, databases: opts.databases, tools: opts.tools, log });
  const ownWorkDir = opts.workDir === undefined;
  const workDir = opts.workDir ?? (await mkdtemp(path.join(os.tmpdir(), 'sujarit-temporal-')));
  try {
    // After a taken port, new ones; the first attempt reuses the ports of the last run in this work dir.
    return await retryWhenPortTaken(log, !opts.grpcPort, (attempt) =>
      startOnce(opts, workDir, ownWorkDir, attempt === 1, log),
    );
  } catch (err) {
    if (ownWorkDir) await rm(workDir, { recursive: true, force: true });
    throw err;
  }
}

interface ServerPorts {
  frontend: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

/**
 * Temporal stores membership ports in a SMALLINT column (cluster_membership.rpc_port), so every port is picked
 * below 32768; that also keeps them out of Linux's ephemeral range, where outgoing connections take theirs.
 */
const SERVER_PORT_RANGE = { from: 20_000, to: 32_767 } as const;

async function pickPorts(grpcPort: number | undefined): Promise<ServerPorts> {
  const taken = new Set<number>(grpcPort ? [grpcPort] : []);
  const next = async (): Promise<number> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const port = SERVER_PORT_RANGE.from + randomInt(SERVER_PORT_RANGE.to - SERVER_PORT_RANGE.from + 1);
      if (taken.has(port) || !(await isPortFree(port))) continue;
      taken.add(port);
      return port;
    }
    throw new Error(`no free port between ${SERVER_PORT_RANGE.from} and ${SERVER_PORT_RANGE.to} on ${HOST}`);
  };
  return {
    frontend: grpcPort || (await next()),
    frontendMembership: await next(),
    history: await next(),
    historyMembership: await next(),
    matching: await next(),
    matchingMembership: await next(),
    worker: await next(),
    workerMembership: await next(),
    metrics: await next(),
  };
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The module's config/development-postgres12.yaml, adapted: our databases and ports, every service bound to
 * 127.0.0.1, no HTTP API (nothing here uses Nexus), no archival. JSON is YAML, so the object is written as JSON.
 */
function serverConfig(opts: TemporalServerOptions, ports: ServerPorts, dynamicConfigFile: string): object {
  const endpoint = sqlEndpointOf(opts.postgresAdminUrl);
  const sql = (databaseName: string, maxConns: number, maxIdleConns: number) => ({
    sql: {
      pluginName: SQL_PLUGIN,
      databaseName,
      connectAddr: connectAddress(endpoint),
      connectProtocol: 'tcp',
      user: endpoint.user,
      password: endpoint.password,
      maxConns,
      maxIdleConns: Math.min(maxIdleConns, maxConns),
      maxConnLifetime: '1h',
      ...(endpoint.sslmode ? { connectAttributes: { sslmode: endpoint.sslmode } } : {}),
    },
  });
  const rpc = (grpcPort: number, membershipPort: number) => ({ rpc: { grpcPort, membershipPort, bindOnIP: HOST } });
  return {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: opts.numHistoryShards ?? DEFAULT_HISTORY_SHARDS,
      datastores: {
        'postgres-default': sql(
          opts.databases.temporal,
          opts.maxConnsPerService ?? DEFAULT_MAX_CONNS_PER_SERVICE,
          opts.maxIdleConnsPerService ?? DEFAULT_MAX_IDLE_CONNS_PER_SERVICE,
        ),
        'postgres-visibility': sql(opts.databases.visibility, VISIBILITY_MAX_CONNS, VISIBILITY_MAX_IDLE_CONNS),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: HOST },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `${HOST}:${ports.metrics}` } },
    },
    services: {
      frontend: rpc(ports.frontend, ports.frontendMembership),
      history: rpc(ports.history, ports.historyMembership),
      matching: rpc(ports.matching, ports.matchingMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `${HOST}:${ports.frontend}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '60s' },
  };
}

/**
 * A namespace registered at start-up must reach every service within moments (the default refresh is 10 s; the
 * scheduler of Temporal Schedules only starts for a namespace once its worker service has seen it).
 */
function dynamicConfig(extra: Record<string, unknown> | undefined): object {
  const values: Record<string, unknown> = { 'system.namespaceCacheRefreshInterval': '2s', ...extra };
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, [{ value, constraints: {} }]]));
}

/**
 * The membership table remembers the hosts of the last run for 20 s, and a new process first tries to join them
 * (up to maxJoinDuration) before it serves. With the same ports the only remembered host is itself, so a quick
 * restart of `npm start` joins at once.
 */
async function reusablePorts(portsFile: string, grpcPort: number | undefined): Promise<ServerPorts | undefined> {
  let saved: ServerPorts;
  try {
    saved = JSON.parse(await readFile(portsFile, 'utf8')) as ServerPorts;
  } catch {
    return undefined;
  }
  const ports = { ...saved, frontend: grpcPort || saved.frontend };
  const values = Object.values(ports);
  if (!values.every((p) => Number.isInteger(p) && p > 0) || new Set(values).size !== values.length) return undefined;
  for (const port of values) if (!(await isPortFree(port))) return undefined;
  return ports;
}

async function startOnce(
  opts: TemporalServerOptions,
  workDir: string,
  ownWorkDir: boolean,
  reuseSavedPorts: boolean,
  log: Log,
): Promise<TemporalServer> {
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  await mkdir(workDir, { recursive: true });
  const portsFile = path.join(workDir, 'temporal-server-ports.json');
  const ports =
    (reuseSavedPorts && !ownWorkDir ? await reusablePorts(portsFile, opts.grpcPort) : undefined) ??
    (await pickPorts(opts.grpcPort));
  await writeFile(portsFile, `${JSON.stringify(ports, null, 2)}
`);
  const configFile = path.join(workDir, 'temporal-server.yaml');
  const dynamicConfigFile = path.join(workDir, 'temporal-dynamic-config.yaml');
  const logFile = path.join(workDir, 'temporal-server.log');
  // The config carries the database password.
  await writeFile(configFile, `${JSON.stringify(serverConfig(opts, ports, dynamicConfigFile), null, 2)}\n`, { mode: 0o600 });
  await chmod(configFile, 0o600);
  await writeFile(dynamicConfigFile, `${JSON.stringify(dynamicConfig(opts.dynamicConfig), null, 2)}\n`);

  const address = `${HOST}:${ports.frontend}`;
  log(
    `เริ่ม Temporal server ${TEMPORAL_SERVER_VERSION} ที่ ${address} / starting Temporal server ${TEMPORAL_SERVER_VERSION} ` +
      `on ${address} (PostgreSQL ${opts.databases.temporal}, ${opts.databases.visibility} on ` +
      `${connectAddress(sqlEndpointOf(opts.postgresAdminUrl))})`,
  );
  const logStream = createWriteStream(logFile, { flags: 'a' });
  // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop the server after the worker.
  const child = spawn(opts.tools.serverPath, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let ready = false;
  let stopping = false;
  const { lastOutput, exited: exitedEarly } = watchServerProcess(child, {
    program: opts.tools.serverPath,
    linesKept: OUTPUT_LINES_KEPT,
    maxLineLength: 600,
    onChunk: (chunk) => logStream.write(chunk),
    // Errors go to the log file only: start-up and shutdown log routine ones (shards moving, the database going
    // away first on Ctrl-C), and a fatal one is what explains an exit.
    onLine: (line) => {
      const fatal = fatalSummary(line);
      if (fatal) log(fatal);
    },
  });
  child.once('exit', (code, signal) => {
    if (ready && !stopping) {
      log(
        `Temporal server หยุดทำงานเอง / the Temporal server exited by itself (code ${String(code)}, signal ` +
          `${String(signal)}); see ${logFile}`,
      );
    }
  });

  const readyTimeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const abort = new AbortController();
  const shards = opts.numHistoryShards ?? DEFAULT_HISTORY_SHARDS;
  const failure = await Promise.race([
    waitUntilServing(address, namespace, shards, readyTimeoutMs, abort.signal),
    exitedEarly,
  ]);
  abort.abort();
  if (failure !== undefined) {
    await stopServerProcess(child, 0);
    await closeStream(logStream);
    throw new ServerStartError(`เริ่ม Temporal server ไม่สำเร็จ / the Temporal server ${failure}`, lastOutput, 'temporal-server');
  }
  ready = true;
  const stopGraceMs = opts.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  let stopped: Promise<void> | undefined;
  return {
    address,
    uiUrl: undefined,
    metricsUrl: `http://${HOST}:${ports.metrics}/metrics`,
    databases: [opts.databases.temporal, opts.databases.visibility],
    logFile,
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        await stopServerProcess(child, stopGraceMs);
        await closeStream(logStream);
        if (ownWorkDir) await rm(workDir, { recursive: true, force: true });
        if (opts.dropDatabasesOnStop) {
          await dropDatabase(opts.postgresAdminUrl, opts.databases.temporal);
          await dropDatabase(opts.postgresAdminUrl, opts.databases.visibility);
        }
      })();
      return stopped;
    },
  };
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve));
}

/** The server logs JSON lines (zap); a fatal one becomes one short line: message and error, no stack. */
function fatalSummary(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  let entry: { level?: string; msg?: string; error?: string; service?: string };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return undefined;
  }
  const level = entry.level ?? '';
  if (!['dpanic', 'panic', 'fatal'].includes(level)) return undefined;
  return `${level.toUpperCase()} ${entry.service ? `[${entry.service}] ` : ''}${entry.msg ?? ''}${entry.error ? `: ${entry.error}` : ''}`;
}

/**
 * Resolves undefined once the namespace exists (registered here if missing) and history lookups for workflows that
 * cannot exist answer NOT_FOUND: frontend, membership and history are then serving. Eight random ids per shard
 * reach every shard with near certainty, so no shard still waiting for its owner is missed.
 */
async function waitUntilServing(
  address: string,
  namespace: string,
  shards: number,
  timeoutMs: number,
  aborted: AbortSignal,
): Promise<string | undefined> {
  const probes = Math.min(256, shards * 8);
  let registered = false;
  return pollUntilReady(address, timeoutMs, aborted, `serve namespace ${namespace}`, async (connection) => {
    if (!registered) {
      await registerNamespace(connection, namespace);
      registered = true;
    }
    await connection.workflowService.describeNamespace({ namespace });
    const service = connection.workflowService;
    await Promise.all(
      Array.from({ length: probes }, async () => {
        try {
          await service.describeWorkflowExecution({
            namespace,
            execution: { workflowId: `sujarit-readiness-probe-${randomUUID()}` },
          });
        } catch (err) {
          if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) return;
          throw err;
        }
      }),
    );
  });
}

async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(NAMESPACE_RETENTION),
    });
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS) return;
    throw err;
  }
}

/** SIGTERM lets the services leave the membership ring and close their pools; SIGKILL once the grace is over. */

if (require.main === module) {
  // Builds what is missing and prints the paths (messages on stderr), so CI shows the build as a step of its own.
  resolveTemporalServerTools({
    log: prefixedLog('temporal-server', (line) => console.error(line)),
    serverPath: process.env.TEMPORAL_SERVER_PATH,
    sqlToolPath: process.env.TEMPORAL_SQL_TOOL_PATH,
    schemaDir: process.env.TEMPORAL_SCHEMA_DIR,
  }).then(
    (tools) => console.log(`${tools.serverPath}\n${tools.sqlToolPath}\n${tools.schemaDir}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
