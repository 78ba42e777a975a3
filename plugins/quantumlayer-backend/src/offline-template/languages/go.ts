import type { ProjectNames, TemplateFile } from '../names';

type Kind = 'function' | 'class' | 'cli' | 'api';

const sources: Record<Kind, (n: ProjectNames) => string> = {
  function: n => `package ${n.pkg}

import "strings"

// Stats holds word, line and character counts.
type Stats struct {
	Words      int
	Lines      int
	Characters int
}

// ${n.pascal} counts the words, lines and characters of text.
func ${n.pascal}(text string) Stats {
	lines := 0
	if text != "" {
		lines = strings.Count(text, "\\n")
		if !strings.HasSuffix(text, "\\n") {
			lines++
		}
	}
	return Stats{Words: len(strings.Fields(text)), Lines: lines, Characters: len([]rune(text))}
}
`,
  class: n => `package ${n.pkg}

import "errors"

// ${n.pascal} is a small in-memory key-value store.
type ${n.pascal} struct {
	items map[string]string
}

// New${n.pascal} returns an empty store.
func New${n.pascal}() *${n.pascal} {
	return &${n.pascal}{items: map[string]string{}}
}

// Put stores value under key.
func (s *${n.pascal}) Put(key, value string) error {
	if key == "" {
		return errors.New("key must not be empty")
	}
	s.items[key] = value
	return nil
}

// Get returns the value under key and whether it exists.
func (s *${n.pascal}) Get(key string) (string, bool) {
	v, ok := s.items[key]
	return v, ok
}

// Delete removes key and reports whether it existed.
func (s *${n.pascal}) Delete(key string) bool {
	_, ok := s.items[key]
	delete(s.items, key)
	return ok
}

// Len returns the number of stored keys.
func (s *${n.pascal}) Len() int {
	return len(s.items)
}
`,
  cli: n => `package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// run joins the given words, optionally upper-cased, and writes them to out.
func run(args []string, out io.Writer) int {
	upper := false
	var words []string
	for _, a := range args {
		if a == "--upper" {
			upper = true
			continue
		}
		words = append(words, a)
	}
	if len(words) == 0 {
		fmt.Fprintln(out, "usage: ${n.kebab} [--upper] WORD...")
		return 2
	}
	text := strings.Join(words, " ")
	if upper {
		text = strings.ToUpper(text)
	}
	fmt.Fprintln(out, text)
	return 0
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout))
}
`,
  api: n => `package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
)

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// newMux routes /health and /echo.
func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "service": "${n.kebab}"})
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "use POST"})
			return
		}
		raw, _ := io.ReadAll(r.Body)
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"echo": v})
	})
	return mux
}

func main() {
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", newMux()))
}
`,
};

const tests: Record<Kind, (n: ProjectNames) => string> = {
  function: n => `package ${n.pkg}

import "testing"

func Test${n.pascal}(t *testing.T) {
	got := ${n.pascal}("a b\\nc")
	want := Stats{Words: 3, Lines: 2, Characters: 5}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if empty := ${n.pascal}(""); empty != (Stats{}) {
		t.Fatalf("empty: got %+v", empty)
	}
}
`,
  class: n => `package ${n.pkg}

import "testing"

func Test${n.pascal}(t *testing.T) {
	s := New${n.pascal}()
	if err := s.Put("a", "1"); err != nil {
		t.Fatal(err)
	}
	if v, ok := s.Get("a"); !ok || v != "1" || s.Len() != 1 {
		t.Fatalf("get: %q %v len %d", v, ok, s.Len())
	}
	if !s.Delete("a") || s.Delete("a") {
		t.Fatal("delete should report existence once")
	}
	if err := s.Put("", "x"); err == nil {
		t.Fatal("empty key accepted")
	}
}
`,
  cli: () => `package main

import (
	"bytes"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"hello", "world"}, &out); code != 0 || out.String() != "hello world\\n" {
		t.Fatalf("got %d %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"--upper", "hi"}, &out); code != 0 || out.String() != "HI\\n" {
		t.Fatalf("upper: got %d %q", code, out.String())
	}
	if code := run(nil, &out); code != 2 {
		t.Fatalf("usage: got %d", code)
	}
}
`,
  api: n => `package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMux(t *testing.T) {
	srv := httptest.NewServer(newMux())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/health")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("health: %v %v", err, res)
	}
	res, err = http.Post(srv.URL+"/echo", "application/json", strings.NewReader("{"))
	if err != nil || res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad echo: %v %v", err, res)
	}
	res, err = http.Post(srv.URL+"/echo", "application/json", strings.NewReader("{\\"service\\":\\"${n.kebab}\\"}"))
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("echo: %v %v", err, res)
	}
}
`,
};

/** Go sources (with go.mod) for one project kind. */
export function goSources(
  kind: Kind,
  n: ProjectNames,
  summary: string,
): TemplateFile[] {
  const head = `// Package ${
    kind === 'cli' || kind === 'api' ? 'main' : n.pkg
  }: ${n.project}: ${
    summary || 'generated module'
  }\n// Generated offline by QuantumLayer's template provider.\n`;
  return [
    {
      path: 'go.mod',
      lang: 'go.mod',
      content: `module example.com/${n.kebab}\n\ngo 1.21\n`,
    },
    { path: `${n.pkg}.go`, lang: 'go', content: head + sources[kind](n) },
  ];
}

/** Go tests for one project kind. */
export function goTests(kind: Kind, n: ProjectNames): TemplateFile[] {
  return [{ path: `${n.pkg}_test.go`, lang: 'go', content: tests[kind](n) }];
}
