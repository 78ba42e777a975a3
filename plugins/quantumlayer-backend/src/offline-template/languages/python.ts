import type { ProjectNames, TemplateFile } from '../names';

type Kind = 'function' | 'class' | 'cli' | 'api';

const header = (n: ProjectNames, summary: string) =>
  `"""${n.project}: ${summary || 'generated module'}

Generated offline by QuantumLayer's template provider.
"""
`;

const sources: Record<Kind, (n: ProjectNames) => string> = {
  function: n => `from typing import Dict


def ${n.snake}(text: str) -> Dict[str, int]:
    """Count the words, lines and characters of text."""
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    return {
        "words": len(text.split()),
        "lines": len(text.splitlines()),
        "characters": len(text),
    }
`,
  class: n => `from typing import Dict, Optional


class ${n.pascal}:
    """A small in-memory key-value store."""

    def __init__(self) -> None:
        self._items: Dict[str, str] = {}

    def put(self, key: str, value: str) -> None:
        if not key:
            raise ValueError("key must not be empty")
        self._items[key] = value

    def get(self, key: str) -> Optional[str]:
        return self._items.get(key)

    def delete(self, key: str) -> bool:
        return self._items.pop(key, None) is not None

    def __len__(self) -> int:
        return len(self._items)
`,
  cli: n => `import argparse
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    """Join the given words, optionally upper-cased, and print them."""
    parser = argparse.ArgumentParser(prog="${n.kebab}")
    parser.add_argument("words", nargs="+", help="words to print")
    parser.add_argument("--upper", action="store_true", help="upper-case output")
    args = parser.parse_args(argv)
    text = " ".join(args.words)
    print(text.upper() if args.upper else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
`,
  api: n => `import json
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, Dict, Tuple


def handle(method: str, path: str, body: bytes) -> Tuple[int, Dict[str, Any]]:
    """Route one request; returns (status, JSON body)."""
    if method == "GET" and path == "/health":
        return 200, {"status": "ok", "service": "${n.kebab}"}
    if method == "POST" and path == "/echo":
        try:
            return 200, {"echo": json.loads(body or b"null")}
        except ValueError:
            return 400, {"error": "body must be JSON"}
    return 404, {"error": "not found"}


class Handler(BaseHTTPRequestHandler):
    def _respond(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        status, payload = handle(self.command, self.path, self.rfile.read(length))
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _respond
    do_POST = _respond

    def log_message(self, *args: Any) -> None:
        pass


def make_server(port: int = 8080) -> HTTPServer:
    return HTTPServer(("127.0.0.1", port), Handler)


if __name__ == "__main__":
    make_server().serve_forever()
`,
};

const tests: Record<Kind, (n: ProjectNames) => string> = {
  function: n => `import unittest

from ${n.snake} import ${n.snake}


class ${n.pascal}Test(unittest.TestCase):
    def test_counts(self):
        self.assertEqual(${n.snake}("a b\\nc"), {"words": 3, "lines": 2, "characters": 5})

    def test_empty(self):
        self.assertEqual(${n.snake}(""), {"words": 0, "lines": 0, "characters": 0})

    def test_rejects_non_string(self):
        with self.assertRaises(TypeError):
            ${n.snake}(42)


if __name__ == "__main__":
    unittest.main()
`,
  class: n => `import unittest

from ${n.snake} import ${n.pascal}


class ${n.pascal}Test(unittest.TestCase):
    def test_put_get_delete(self):
        store = ${n.pascal}()
        store.put("a", "1")
        self.assertEqual(store.get("a"), "1")
        self.assertEqual(len(store), 1)
        self.assertTrue(store.delete("a"))
        self.assertIsNone(store.get("a"))
        self.assertFalse(store.delete("a"))

    def test_rejects_empty_key(self):
        with self.assertRaises(ValueError):
            ${n.pascal}().put("", "x")


if __name__ == "__main__":
    unittest.main()
`,
  cli: n => `import contextlib
import io
import unittest

from ${n.snake} import main


class MainTest(unittest.TestCase):
    def run_main(self, argv):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(argv)
        return code, out.getvalue()

    def test_joins_words(self):
        self.assertEqual(self.run_main(["hello", "world"]), (0, "hello world\\n"))

    def test_upper(self):
        self.assertEqual(self.run_main(["--upper", "hi"]), (0, "HI\\n"))


if __name__ == "__main__":
    unittest.main()
`,
  api: n => `import json
import threading
import unittest
import urllib.request

from ${n.snake} import handle, make_server


class HandleTest(unittest.TestCase):
    def test_health(self):
        self.assertEqual(handle("GET", "/health", b""), (200, {"status": "ok", "service": "${n.kebab}"}))

    def test_echo_and_errors(self):
        self.assertEqual(handle("POST", "/echo", b'{"a": 1}'), (200, {"echo": {"a": 1}}))
        self.assertEqual(handle("POST", "/echo", b"{"), (400, {"error": "body must be JSON"}))
        self.assertEqual(handle("GET", "/nope", b"")[0], 404)

    def test_real_server(self):
        server = make_server(0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = "http://127.0.0.1:%d/health" % server.server_address[1]
            with urllib.request.urlopen(url, timeout=5) as res:
                self.assertEqual(json.loads(res.read())["status"], "ok")
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
`,
};

/** Python sources for one project kind. */
export function pythonSources(
  kind: Kind,
  n: ProjectNames,
  summary: string,
): TemplateFile[] {
  return [
    {
      path: `${n.snake}.py`,
      lang: 'python',
      content: `${header(n, summary)}\n${sources[kind](n)}`,
    },
  ];
}

/** Python unittest files for one project kind. */
export function pythonTests(kind: Kind, n: ProjectNames): TemplateFile[] {
  return [
    { path: `test_${n.snake}.py`, lang: 'python', content: tests[kind](n) },
  ];
}
