// Process and port helpers for the smoke suites: bounded polls, and stops by
// PID (a whole process group where the smoke started one).
import net from 'node:net';

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Calls `check` every `everyMs` until it returns a truthy value, for at most `limitMs`. */
export async function poll(check, limitMs, what, everyMs = 1000) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(
        `gave up waiting ${Math.round(limitMs / 1000)} s for ${what}`,
      );
    await sleep(everyMs);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the process (group), SIGKILL after `graceMs` if it is still there. */
export async function stopGroup(pid, { group = true, graceMs = 15_000 } = {}) {
  const target = group ? -pid : pid;
  try {
    process.kill(target, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(target) && Date.now() < deadline) await sleep(250);
  if (alive(target)) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
}
