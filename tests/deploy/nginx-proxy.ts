import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from '../support/throwaway-postgres';

const deployFolder = new URL('../../deploy/nginx/', import.meta.url).pathname;

/** nginx from the system's packages (.ci/run installs it), or null. */
export const nginxBinary: string | null =
  ['/usr/sbin', ...(process.env.PATH ?? '').split(delimiter)].map((folder) => join(folder, 'nginx')).find((path) => existsSync(path)) ?? null;

/** The unprivileged account nginx runs as when the tests run as root. */
const nobody = { uid: 65534, gid: 65534 };
const isRoot = process.getuid?.() === 0;

export interface NginxProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  /** nginx's own messages so far (notices, upstream errors), for failure messages. */
  log(): string;
  /**
   * Rewrites the site with the shipped `proxy_read_timeout` of /graphql replaced (e.g. `2s`, to drop idle
   * sockets), and reloads nginx as an operator would (SIGHUP): connections opened afterwards get it.
   */
  reload(socketIdleTimeout: string): Promise<void>;
  stop(): Promise<void>;
}

/** Replaces `from` in the shipped configuration, which must contain it exactly once. */
function substitute(config: string, from: string, to: string): string {
  const occurrences = config.split(from).length - 1;
  if (occurrences !== 1) throw new Error(`deploy/nginx/staffsync.conf has ${occurrences} × "${from}"; update tests/deploy/nginx-proxy.ts to match it`);
  return config.replace(from, to);
}

/**
 * Runs nginx in the foreground, unprivileged, with the shipped deploy/nginx/staffsync.conf on a free
 * port of 127.0.0.1 in front of the instances on `instancePorts` (with the shipped upstream parameters),
 * everything it writes kept in a temporary folder. Resolves once it accepts connections.
 */
export async function startNginxProxy(instancePorts: number[]): Promise<NginxProxy> {
  if (!nginxBinary) throw new Error('nginx is not installed: apt-get install nginx-light (or nginx); .ci/run does it');
  const folder = mkdtempSync(join(tmpdir(), 'staffsync-nginx-'));
  const port = await freePort();

  const site = substitute(readFileSync(join(deployFolder, 'staffsync.conf'), 'utf8'), 'listen 80;', `listen 127.0.0.1:${port};`);
  const shippedUpstream = readFileSync(join(deployFolder, 'staffsync-upstream.conf'), 'utf8');
  const parameters = /^server \S+ ([^;]*);/m.exec(shippedUpstream)?.[1];
  if (parameters === undefined) throw new Error('deploy/nginx/staffsync-upstream.conf lists no server');
  writeFileSync(join(folder, 'staffsync.conf'), site);
  writeFileSync(join(folder, 'staffsync-upstream.conf'), instancePorts.map((instance) => `server 127.0.0.1:${instance} ${parameters};\n`).join(''));
  writeFileSync(
    join(folder, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${folder}/nginx.pid;
error_log stderr notice;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${folder}/client-body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
  include ${folder}/staffsync.conf;
}
`,
  );
  if (isRoot) chownSync(folder, nobody.uid, nobody.gid);

  const child: ChildProcess = spawn(nginxBinary, ['-p', folder, '-c', join(folder, 'nginx.conf'), '-e', 'stderr'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(isRoot ? nobody : {}),
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`nginx did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    log: () => output,
    async reload(socketIdleTimeout) {
      writeFileSync(join(folder, 'staffsync.conf'), substitute(site, 'proxy_read_timeout 60s;', `proxy_read_timeout ${socketIdleTimeout};`));
      const before = output.length;
      child.kill('SIGHUP');
      // In force once the master has started a new worker and the old ones stopped accepting: until then
      // an old worker may still take a new connection under the old configuration.
      const until = Date.now() + 10_000;
      while (!/start worker process/.test(output.slice(before)) || !/gracefully shutting down/.test(output.slice(before))) {
        if (Date.now() > until) throw new Error(`nginx did not reload:\n${output.slice(before)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
