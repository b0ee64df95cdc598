import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The unit of /proc's CPU times (USER_HZ): 100 on every Linux the bench has met, asked once anyway. */
let ticksPerSecond: number | undefined;
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
  return ticksPerSecond;
}

/**
 * CPU time used so far by the PostgreSQL server on this machine (all its processes), in ms, or undefined
 * where it cannot be read (no /proc, or the server runs elsewhere). A backend that has exited is counted
 * through the postmaster, which reaps it: the kernel adds a reaped child's time to its parent's.
 *
 * The write path's rate is judged with the StaffSync server on one core, but every write also costs the
 * database its statement and its commit; on a machine where both share the cores, this is the other half.
 */
export function databaseCpuMs(): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  // Fields after the command (proc(5), from field 3): ppid is 4; utime, stime, cutime, cstime are 14-17.
  const processes = new Map<number, string[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const commandEnd = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, commandEnd).startsWith('postgres')) processes.set(Number(entry), stat.slice(commandEnd + 2).split(' '));
  }
  if (processes.size === 0) return undefined;
  let ticks = 0;
  for (const fields of processes.values()) {
    ticks += Number(fields[11]) + Number(fields[12]);
    // The postmaster is the one postgres process whose parent is not a postgres process: its reaped
    // backends' time is in cutime and cstime.
    if (!processes.has(Number(fields[1]))) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / clockTicksPerSecond();
}
