#!/usr/bin/env python3
"""Checks that the docs point at things that exist. Standard library only (python 3.11), no network.

Documents checked: README.md, every */README.md at any depth, and docs/**/*.md.

1. Links: every relative Markdown link [text](target) resolves to a file or directory of the repository, and an
   anchor (`file.md#section`, `#section`) names a heading of that Markdown file (GitHub's slugs); http(s) and
   mailto links are not fetched.
2. Paths in `code spans`: each whitespace-separated word that looks like a repository path is checked:
   - it starts with a top-level entry of the repository (`docs/...`, `.ci/run`, `./shopscale`), or
   - it ends in a source/config extension (.java .md .yml .sql .sh ...): then relative to the repository root or to
     the document's folder; a partial path (`saga/OrderSaga.java`, as module READMEs write them) must be the end of
     a repository path; a bare .java/.sql/.md file name must exist somewhere (other bare names may be tools).
   `...` inside a path stands for any number of folders (`inventory-service/.../product/ProductService.java`).
   Not checked: words with placeholders (`<x>`, `{x}`, `$X`, `*`, `=`), absolute paths (`/api/products`: URLs),
   paths through a `target` folder (build output the text tells you how to make).
3. Java names in code spans:
   - `SomethingIT`, `SomethingTest`, `SomethingBenchmark` must be a class of the repository;
   - any other CamelCase word (`CacheAside`) must be a Java type of the repository, an alert of
     observability/prometheus/alert-rules.yml, or listed in NOT_OURS below (library classes, Kubernetes fields);
   - `Class.member` (also `Class#member`, `Class.a/b/c`) must name a repository class whose source contains each
     member, unless the class is not the repository's at all (e.g. `Thread.sleep`);
   - in commands, Maven's `-Dtest=X`, `-Dit.test=X` (comma lists, `Class#method`) and `-pl module` are checked too.
4. Mermaid blocks: a LINT, not a renderer (no browser here), so it catches the mistakes we made, not every one:
   - the first statement names a known diagram type;
   - sequenceDiagram: every line is a statement the grammar knows (participant/actor, message with a known arrow,
     Note, activate, autonumber, blocks); message and note text holds no ';' (Mermaid ends the statement there:
     write '#59;' instead); alt/opt/loop/par/critical/break/rect/box are closed by 'end', and 'else' only in alt,
     'and' only in par, 'option' only in critical;
   - flowchart/graph: subgraph/end balance, and (), [], {} balanced on each line outside quotes.

Usage: python3 .ci/docs_check.py [--self-test] [repository root]. Exits 1 with one line per problem.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

EXTENSIONS = (".java", ".md", ".yml", ".yaml", ".sql", ".sh", ".json", ".properties", ".xml", ".conf", ".tpl",
              ".txt", ".py", ".toml")
SKIPPED_DIRS = {".git", "target", "node_modules", ".shopscale", ".idea"}
DIAGRAM_TYPES = {"flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "stateDiagram-v2",
                 "erDiagram", "gantt", "pie", "journey", "gitGraph", "mindmap", "timeline", "quadrantChart",
                 "requirementDiagram", "C4Context", "C4Container", "C4Component", "C4Dynamic", "sankey-beta",
                 "xychart-beta", "block-beta"}
JAVA_TEST_NAME = re.compile(r"^[A-Z][a-z0-9]+[A-Za-z0-9]*(IT|Test|Benchmark)$")
# bare file names (no folder) are checked only with these extensions: a bare "x.sh" is more often a tool on the PATH
BARE_CHECKED = (".java", ".sql", ".md")
JAVA_MEMBER = re.compile(r"^([A-Z][A-Za-z0-9]*)[.#]([a-zA-Z_][A-Za-z0-9_]*(?:/[a-zA-Z_][A-Za-z0-9_]*)*)(\(.*)?$")
CAMEL_CASE = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$")
# CamelCase names in code spans that are not this repository's Java types nor its alert names: library classes,
# Kubernetes kinds and fields, exceptions of other software. Add a name here when a document needs a new one.
NOT_OURS = {
    "AbleToScale", "AlwaysAllow", "CompletableFuture", "ConcurrentHashMap", "DataSource",
    "LazyConnectionDataSourceProxy", "MaxRAMPercentage", "OutOfMemoryError", "PrometheusRule",
    "RecordTooLargeException", "RedisCommandTimeoutException", "RedisConnectionException", "RedisRateLimiter",
    "RuntimeDefault", "SaslAuthenticationException", "ScalingLimited", "SSLHandshakeException", "TimeoutException",
    "TopicAuthorizationException", "EventLoop", "Log4jApiLogFactory", "Slf4jLogFactory",
    "TransactionExecutionListener",
}
SEQUENCE_ARROWS = r"(?:<<-->>|<<->>|-->>|->>|--x|-x|--\)|-\)|-->|->)"


class Repository:
    def __init__(self, root: Path):
        self.root = root
        self.files = self._list_files()
        self.dirs = {str(Path(f).parent) for f in self.files}
        for d in list(self.dirs):
            parts = Path(d).parts
            for i in range(1, len(parts)):
                self.dirs.add(str(Path(*parts[:i])))
        self.top = {Path(f).parts[0] for f in self.files}
        self.basenames = {Path(f).name for f in self.files}
        self.alerts = set()
        rules = root / "observability/prometheus/alert-rules.yml"
        if rules.exists():
            self.alerts = set(re.findall(r"alert:\s*(\w+)", rules.read_text(encoding="utf-8")))
        self.java_sources: dict[str, list[str]] = {}
        for f in self.files:
            if f.endswith(".java"):
                text = (root / f).read_text(encoding="utf-8", errors="replace")
                for name in re.findall(r"\b(?:class|record|interface|enum)\s+([A-Z][A-Za-z0-9]*)", text):
                    self.java_sources.setdefault(name, []).append(text)

    def _list_files(self) -> list[str]:
        if (self.root / ".git").exists():
            out = subprocess.run(["git", "-C", str(self.root), "ls-files", "-co", "--exclude-standard"],
                                 capture_output=True, text=True, check=True).stdout
            return [f for f in out.splitlines() if (self.root / f).exists()]
        found = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
            for name in filenames:
                found.append(str((Path(dirpath) / name).relative_to(self.root)))
        return found

    def exists(self, relative: str) -> bool:
        relative = os.path.normpath(relative)
        if relative == ".":
            return True
        return relative in self.files or relative in self.dirs

    def matches_elided(self, path: str) -> bool:
        # "a/.../b/C.java": any folders in place of "..."
        pattern = "^" + "/".join(".*" if part == "..." else re.escape(part) for part in path.strip("/").split("/"))
        pattern = pattern.replace("/.*/", "/(?:.*/)?") + "/?$"
        regex = re.compile(pattern)
        return any(regex.match(f) for f in self.files) or any(regex.match(d) for d in self.dirs)


def documents(repo: Repository) -> list[str]:
    return sorted(f for f in repo.files if f.endswith(".md")
                  and (Path(f).name == "README.md" or f.startswith("docs/")))


def split_fences(text: str):
    """Yields (kind, language, first line number, content) for prose and fenced blocks."""
    lines = text.split("\n")
    i = 0
    prose: list[str] = []
    prose_start = 1
    while i < len(lines):
        fence = re.match(r"^\s*(`{3,}|~{3,})\s*([\w-]*)", lines[i])
        if fence:
            if prose:
                yield "prose", "", prose_start, "\n".join(prose)
                prose = []
            marker, language, start = fence.group(1), fence.group(2), i + 1
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                body.append(lines[i])
                i += 1
            yield "fence", language, start + 1, "\n".join(body)
            i += 1
            prose_start = i + 1
            continue
        if not prose:
            prose_start = i + 1
        prose.append(lines[i])
        i += 1
    if prose:
        yield "prose", "", prose_start, "\n".join(prose)


def check_document(repo: Repository, doc: str) -> list[str]:
    problems: list[str] = []
    text = (repo.root / doc).read_text(encoding="utf-8")
    base = str(Path(doc).parent)
    for kind, language, start, content in split_fences(text):
        if kind == "fence":
            if language == "mermaid":
                problems += [f"{doc}:{start + n}: mermaid: {m}" for n, m in lint_mermaid(content)]
            continue
        for offset, line in enumerate(content.split("\n")):
            where = f"{doc}:{start + offset}"
            for target in re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", line):
                problem = check_link(repo, doc, target)
                if problem:
                    problems.append(f"{where}: link {target}: {problem}")
            for span in re.findall(r"`([^`]+)`", line):
                problems += [f"{where}: `{span}`: {p}" for p in check_span(repo, base, span)]
    return problems


def check_link(repo: Repository, doc: str, target: str) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return None
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
    if path.startswith("/"):
        return "absolute links break on GitHub and in clones; use a relative one"
    linked = os.path.normpath(os.path.join(str(Path(doc).parent), path)) if path else doc
    if not repo.exists(linked):
        return "no such file or folder"
    if anchor and linked.endswith(".md") and anchor not in heading_slugs(repo, linked):
        return f"no heading #{anchor} in {linked}"
    return None


def heading_slugs(repo: Repository, doc: str) -> set[str]:
    """GitHub's anchors: lower case, punctuation dropped, spaces to '-', repeats numbered."""
    slugs: set[str] = set()
    text = (repo.root / doc).read_text(encoding="utf-8")
    for kind, _, _, content in split_fences(text):
        if kind != "prose":
            continue
        for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", content, re.MULTILINE):
            plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
            slug = re.sub(r"[^\w\- ]", "", plain.lower()).replace(" ", "-")
            unique, n = slug, 1
            while unique in slugs:
                unique, n = f"{slug}-{n}", n + 1
            slugs.add(unique)
    return slugs


def check_span(repo: Repository, base: str, span: str) -> list[str]:
    problems = []
    words = span.split()
    for i, word in enumerate(words):
        word = word.strip(",;:'\"()")
        if not word:
            continue
        maven = re.match(r"^-D(?:it\.)?test=(.+)$", word)
        if maven:
            for selector in maven.group(1).strip("'\"").split(","):
                problems += check_maven_selector(repo, selector)
            continue
        if word == "-pl" and i + 1 < len(words):
            for module in words[i + 1].split(","):
                if not repo.exists(module):
                    problems.append(f"module {module} does not exist")
            continue
        problems += check_word(repo, base, word)
    return problems


def check_maven_selector(repo: Repository, selector: str) -> list[str]:
    selector = selector.strip("'\"")
    if not selector or selector == "none" or any(c in selector for c in "*?!"):
        return []
    name, _, methods = selector.partition("#")
    if name not in repo.java_sources:
        return [f"test class {name} does not exist"]
    return [f"{name} has no member {m}" for m in methods.split("+") if m and not has_member(repo, name, m)]


def has_member(repo: Repository, name: str, member: str) -> bool:
    return any(re.search(r"\b" + re.escape(member) + r"\b", source) for source in repo.java_sources[name])


def check_word(repo: Repository, base: str, word: str) -> list[str]:
    if any(c in word for c in "<>{}$*|=") or "://" in word or word.startswith("/"):
        return []
    if JAVA_TEST_NAME.match(word):
        return [] if word in repo.java_sources else [f"no Java class {word} in the repository"]
    member = JAVA_MEMBER.match(word)
    if member and not looks_like_path(repo, word):
        name, members = member.group(1), member.group(2)
        if name not in repo.java_sources:
            if JAVA_TEST_NAME.match(name):
                return [f"no Java class {name} in the repository"]
            return []  # not ours (e.g. Thread.sleep)
        return [f"{name} has no member {m}" for m in members.split("/") if not has_member(repo, name, m)]
    if looks_like_path(repo, word):
        return check_path(repo, base, word)
    if CAMEL_CASE.match(word) and word not in repo.java_sources and word not in repo.alerts \
            and word not in NOT_OURS:
        return [f"no Java type {word} in the repository (a library's? add it to NOT_OURS in .ci/docs_check.py)"]
    return []


def looks_like_path(repo: Repository, word: str) -> bool:
    bare = word[2:] if word.startswith("./") else word
    first = bare.split("/", 1)[0]
    if "/" in bare and first in repo.top:
        return True
    if bare in repo.top and (bare.startswith(".") or word.startswith("./") or bare in repo.files):
        return True
    return bare.endswith(EXTENSIONS) and not bare.startswith("-") and re.match(r"^[\w./-]+$", bare) is not None


def check_path(repo: Repository, base: str, word: str) -> list[str]:
    path = word[2:] if word.startswith("./") else word
    path = path.split("#", 1)[0]
    if "target" in path.split("/"):
        return []  # build output, made by the command the text describes
    if "..." in path.split("/"):
        if repo.matches_elided(path) or repo.matches_elided(os.path.join(base, path)):
            return []
        return [f"no file matches {path}"]
    if repo.exists(path) or repo.exists(os.path.join(base, path)):
        return []
    if "/" not in path:
        return [] if path in repo.basenames or not path.endswith(BARE_CHECKED) else [f"no file named {path}"]
    if any(f.endswith("/" + path) for f in repo.files):
        return []  # a path inside a module's package, e.g. saga/OrderSaga.java
    return [f"no such file or folder {path}"]


def lint_mermaid(content: str) -> list[tuple[int, str]]:
    lines = content.split("\n")
    statements = [(n, line.strip()) for n, line in enumerate(lines) if line.strip() and not
                  line.strip().startswith("%%")]
    if not statements:
        return [(0, "empty diagram")]
    n0, first = statements[0]
    kind = first.split()[0]
    if kind not in DIAGRAM_TYPES:
        return [(n0, f"unknown diagram type '{kind}'")]
    if kind == "sequenceDiagram":
        return lint_sequence(statements[1:])
    if kind in ("flowchart", "graph"):
        return lint_flowchart(statements[1:])
    return []


def unescaped(text: str) -> str:
    return re.sub(r"#\w+;", "", text)


def lint_sequence(statements: list[tuple[int, str]]) -> list[tuple[int, str]]:
    problems = []
    open_blocks: list[tuple[int, str]] = []
    arrow = re.compile(r"^[^:]+?" + SEQUENCE_ARROWS + r"[+-]?[^:]+:(.*)$")
    for n, line in statements:
        word = line.split()[0]
        if word in ("alt", "opt", "loop", "par", "critical", "break", "rect", "box"):
            open_blocks.append((n, word))
        elif word in ("else", "and", "option"):
            expected = {"else": "alt", "and": "par", "option": "critical"}[word]
            if not open_blocks or open_blocks[-1][1] != expected:
                problems.append((n, f"'{word}' outside an '{expected}' block"))
        elif line == "end":
            if not open_blocks:
                problems.append((n, "'end' without an open block"))
            else:
                open_blocks.pop()
        elif word in ("participant", "actor", "autonumber", "activate", "deactivate", "create", "destroy",
                      "links", "link", "title"):
            pass
        elif re.match(r"^note\s+(over|left of|right of)\s+[^:]+:(.*)$", line, re.IGNORECASE):
            if ";" in unescaped(line.split(":", 1)[1]):
                problems.append((n, "';' in note text ends the statement (write #59;)"))
        else:
            message = arrow.match(line)
            if not message:
                problems.append((n, f"not a sequenceDiagram statement: {line}"))
            elif ";" in unescaped(message.group(1)):
                problems.append((n, "';' in message text ends the statement (write #59;)"))
    problems += [(n, f"'{word}' block is never closed with 'end'") for n, word in open_blocks]
    return problems


def lint_flowchart(statements: list[tuple[int, str]]) -> list[tuple[int, str]]:
    problems = []
    depth = 0
    for n, line in statements:
        word = line.split()[0]
        if word == "subgraph":
            depth += 1
        elif line == "end":
            depth -= 1
            if depth < 0:
                problems.append((n, "'end' without 'subgraph'"))
                depth = 0
        unquoted = re.sub(r'"[^"]*"', '""', line)
        if unquoted.count('"') % 2:
            problems.append((n, "unbalanced quote"))
        for opening, closing in ("()", "[]", "{}"):
            if unquoted.count(opening) != unquoted.count(closing):
                problems.append((n, f"unbalanced {opening}{closing}"))
    if depth > 0:
        problems.append((statements[-1][0] if statements else 0, "'subgraph' never closed with 'end'"))
    return problems


def run(root: Path) -> list[str]:
    repo = Repository(root)
    problems = []
    for doc in documents(repo):
        problems += check_document(repo, doc)
    return problems


def self_test() -> int:
    """A tiny repository with one good and one broken reference of each kind: the good ones pass, every bad one
    is reported. Proves the check can fail."""
    good = """# Good one
[arch](docs/other.md) [part](docs/other.md#the-other-part) [here](#good-one) [dir](svc) [web](https://example.com)
`svc/src/main/java/io/x/Thing.java` `svc/.../Thing.java` `./tool` `.ci/run` `Thing.java` `other.md`
`ThingIT` `Thing` `ConcurrentHashMap` `ThingIT.aWorkingCase` `Thing.helper/other` `Thread.sleep` `application/problem+json` `/api/products`
`./mvnw -pl svc -am verify -Dit.test=ThingIT -Dtest=none` `-Dtest=ThingIT#aWorkingCase` `<topic>.DLT`
```mermaid
sequenceDiagram
  participant A
  A->>B: hello, then #59; escaped
  alt yes
    B-->>A: fine
  else no
    Note over A: nothing
  end
```
```mermaid
flowchart LR
  a[one] --> b(two)
  subgraph s
    c
  end
```
"""
    bad = {
        "[gone](docs/missing.md)": "link docs/missing.md",
        "[gone](docs/other.md#missing)": "no heading #missing",
        "[gone](#nowhere)": "no heading #nowhere",
        "`svc/src/main/java/io/x/Gone.java`": "no such file",
        "`svc/.../Gone.java`": "no file matches",
        "`GoneIT`": "no Java class GoneIT",
        "`GoneThing`": "no Java type GoneThing",
        "`ThingIT.aMissingCase`": "no member aMissingCase",
        "`Thing.takeStock`": "no member takeStock",
        "`./mvnw -pl nosuch verify`": "module nosuch",
        "`./mvnw -pl svc verify -Dit.test=GoneIT`": "test class GoneIT",
        "```mermaid\nsequenceDiagram\n  A->>B: one; two\n```": "';' in message text",
        "```mermaid\nsequenceDiagram\n  alt x\n  A->>B: y\n```": "never closed",
        "```mermaid\nsequenceDiagram\n  A=>B: y\n```": "not a sequenceDiagram statement",
        "```mermaid\nsequencediagram\n  A->>B: y\n```": "unknown diagram type",
        "```mermaid\nflowchart LR\n  a[one --> b\n```": "unbalanced []",
    }
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "svc/src/main/java/io/x").mkdir(parents=True)
        (root / "svc/src/main/java/io/x/Thing.java").write_text(
            "class Thing { void helper() {} void other() {} }\n")
        (root / "svc/src/test/java/io/x").mkdir(parents=True)
        (root / "svc/src/test/java/io/x/ThingIT.java").write_text("class ThingIT { void aWorkingCase() {} }\n")
        (root / ".ci").mkdir()
        (root / ".ci/run").write_text("")
        (root / "tool").write_text("")
        (root / "docs").mkdir()
        (root / "docs/other.md").write_text("# The `other` part\n[back](../README.md#good-one)\n")
        (root / "README.md").write_text(good)
        found = run(root)
        if found:
            failures += 1
            print("self-test: FAIL: the good document was reported:\n  " + "\n  ".join(found))
        for snippet, expected in bad.items():
            (root / "README.md").write_text(good + "\n" + snippet + "\n")
            found = run(root)
            if not any(expected in problem for problem in found):
                failures += 1
                print(f"self-test: FAIL: {snippet!r} was not reported as {expected!r}; got {found}")
    print("self-test: " + ("ok: every broken reference was caught" if not failures else f"{failures} failure(s)"))
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if "--self-test" in argv:
        return self_test()
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0] if args else Path(__file__).resolve().parent.parent)
    problems = run(root)
    for problem in problems:
        print(f"docs: FAIL: {problem}")
    if problems:
        print(f"docs: {len(problems)} broken reference(s)")
        return 1
    print(f"docs: ok: {len(documents(Repository(root)))} documents, every path, link, class and test name resolves,"
          " mermaid blocks pass the lint")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
