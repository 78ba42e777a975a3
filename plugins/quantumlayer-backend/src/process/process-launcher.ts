import { JsonLineChild } from './json-line-child';
import type { ProcessResult } from './process-result';

// Runs each request in a thread: a new session (process group) per command,
// output capped while it streams, the group killed on timeout or cancel.
const LAUNCHER = `
import json, os, signal, subprocess, sys, threading, time
lock = threading.Lock()
procs = {}

def reply(obj):
    with lock:
        sys.stdout.write(json.dumps(obj) + "\\n")
        sys.stdout.flush()

def kill(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass

def drain(stream, name, state):
    while True:
        chunk = stream.read1(65536)
        if not chunk:
            return
        with state["lock"]:
            room = state["cap"] - state["n"]
            if len(chunk) > room:
                state["truncated"] = True
            if room > 0:
                state[name].append(chunk[:room])
                state["n"] += min(room, len(chunk))

def run(req):
    start = time.monotonic()
    try:
        p = subprocess.Popen(req["cmd"], cwd=req["cwd"], env=req["env"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        reply({"id": req["id"], "error": "%s: %s" % (req["cmd"][0], e.strerror)})
        return
    procs[req["id"]] = p
    state = {"lock": threading.Lock(), "cap": req["max_output"], "n": 0, "truncated": False, "out": [], "err": []}
    readers = [threading.Thread(target=drain, args=(p.stdout, "out", state)),
               threading.Thread(target=drain, args=(p.stderr, "err", state))]
    for t in readers:
        t.start()
    timed_out = False
    try:
        p.wait(timeout=req["timeout_ms"] / 1000.0)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill(p)
        p.wait()
    kill(p)  # stray children of the group
    for t in readers:
        t.join()
    procs.pop(req["id"], None)
    rc = p.returncode
    reply({"id": req["id"], "exitCode": rc if rc >= 0 else None,
           "signal": signal.Signals(-rc).name if rc < 0 else None,
           "stdout": b"".join(state["out"]).decode("utf-8", "replace"),
           "stderr": b"".join(state["err"]).decode("utf-8", "replace"),
           "timedOut": timed_out, "truncated": state["truncated"],
           "durationMs": int((time.monotonic() - start) * 1000)})

for line in sys.stdin:
    req = json.loads(line)
    if "cancel" in req:
        p = procs.get(req["cancel"])
        if p:
            kill(p)
        continue
    threading.Thread(target=run, args=(req,), daemon=True).start()
`;

/**
 * Starts commands from one small, long-lived `python3` instead of the
 * backend's own (large) Node process: forking the worker for every test run
 * cost ~70 ms of CPU each (`yarn bench:workflow`).
 */
export const launcher = new JsonLineChild('process launcher', 'python3', [
  '-I',
  '-S',
  '-u',
  '-c',
  LAUNCHER,
]);

/** Runs one command through the launcher; the answer has run-process's shape. */
export async function launch(options: {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
}): Promise<ProcessResult> {
  const answer = launcher.request<ProcessResult & { error?: string }>(
    {
      cmd: [options.command, ...options.args],
      cwd: options.cwd,
      env: options.env,
      timeout_ms: options.timeoutMs,
      max_output: options.maxOutputBytes,
    },
    // The launcher enforces the timeout; this only guards a stalled launcher.
    options.timeoutMs + 30_000,
  );
  const requestId = launcher.lastId;
  const onAbort = () => launcher.notify({ cancel: requestId });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  try {
    const result = await answer;
    if (result.error) throw new Error(result.error);
    const {
      id: _id,
      error: _error,
      ...rest
    } = result as ProcessResult & {
      id: number;
      error?: string;
    };
    return rest;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
