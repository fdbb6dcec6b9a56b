#!/usr/bin/env python3
"""Generates the bad-input table of docs/errors.md from tests/hardening/errors_matrix.inc.

errors_matrix.inc is the one source of truth: tests/hardening/test_errors_matrix.cpp
executes every row of it (the call must throw exactly that exception type with exactly that
message, or the documented outcome must hold), and this script writes the rows into
docs/errors.md between the markers

    <!-- BEGIN errors_matrix.py: generated from tests/hardening/errors_matrix.inc -->
    <!-- END errors_matrix.py -->

Everything outside the markers is written by hand.

    python3 scripts/errors_matrix.py --write   # regenerate docs/errors.md
    python3 scripts/errors_matrix.py --check   # exit 1 unless docs/errors.md is up to date
                                               # and every public function has a row

--check (the CTest test `hardening_errors_doc`) also lists the public functions of
include/povstat/<module>/*.hpp (free functions, constructors and public member functions
outside namespace detail) and fails when one has neither a row nor a POVSTAT_NO_BAD_INPUT
line, or when a row names a function that does not exist. Python 3 standard library only.
"""

import argparse
import difflib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "hardening" / "errors_matrix.inc"
DOC = ROOT / "docs" / "errors.md"
BEGIN = "<!-- BEGIN errors_matrix.py: generated from tests/hardening/errors_matrix.inc -->"
END = "<!-- END errors_matrix.py -->"
MODULES = ["core", "stats", "io", "fit", "target", "measure", "audit"]

_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


class _Cursor:
    def __init__(self, text, pos):
        self.text, self.pos = text, pos

    def skip_space(self):
        while True:
            m = re.compile(r"\s+|//[^\n]*").match(self.text, self.pos)
            if not m or m.end() == self.pos:
                return
            self.pos = m.end()

    def string(self):
        """One argument made of adjacent string literals."""
        parts = []
        while True:
            self.skip_space()
            m = _STRING.match(self.text, self.pos)
            if not m:
                break
            parts.append(_unescape(m.group(1)))
            self.pos = m.end()
        if not parts:
            raise ValueError("expected a string literal at offset %d" % self.pos)
        return "".join(parts)

    def word(self):
        self.skip_space()
        m = re.compile(r"[A-Za-z_][\w:]*").match(self.text, self.pos)
        if not m:
            raise ValueError("expected a type name at offset %d" % self.pos)
        self.pos = m.end()
        return m.group(0)

    def comma(self):
        self.skip_space()
        if self.text[self.pos] != ",":
            raise ValueError("expected ',' at offset %d" % self.pos)
        self.pos += 1


def read_rows(text):
    """The rows of errors_matrix.inc, in order: dicts with kind, function, input, error,
    message (THROWS), outcome (RETURNS) or reason (NO_BAD_INPUT), and span (start, end of the
    literal arguments) so that a tool can rewrite them."""
    rows = []
    code = re.sub(r"//[^\n]*", lambda m: " " * len(m.group(0)), text)  # keep offsets
    for m in re.finditer(r"^POVSTAT_(THROWS|RETURNS|NO_BAD_INPUT)\(", code, re.M):
        cur = _Cursor(text, m.end())
        row = {"kind": m.group(1), "line": text.count("\n", 0, m.start()) + 1}
        row["function"] = cur.string()
        cur.comma()
        if row["kind"] == "NO_BAD_INPUT":
            row["reason"] = cur.string()
        else:
            row["input"] = cur.string()
            cur.comma()
            if row["kind"] == "THROWS":
                cur.skip_space()
                row["error_span"] = [cur.pos]
                row["error"] = cur.word()
                row["error_span"].append(cur.pos)
                cur.comma()
                cur.skip_space()
                row["message_span"] = [cur.pos]
                row["message"] = cur.string()
                row["message_span"].append(cur.pos)
            else:
                row["outcome"] = cur.string()
        rows.append(row)
    return rows


# ------------------------------------------------------------------ public functions

def _strip(source):
    s = re.sub(r"//[^\n]*", "", source)
    s = re.sub(r"/\*.*?\*/", "", s, flags=re.S)
    s = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', s)
    s = re.sub(r"'(?:[^'\\\n]|\\.)'", "''", s)
    s = re.sub(r"^\s*#.*$", "", s, flags=re.M)
    return re.sub(r"=\s*\{\s*\}", "= 0", s)  # default arguments `= {}` are not scopes


_NOT_NAMES = {"if", "for", "while", "switch", "return", "requires", "catch", "sizeof", "decltype",
              "noexcept", "static_assert", "template", "operator", "struct", "class", "enum",
              "explicit", "static_cast", "const_cast"}


def public_functions(root=ROOT):
    """{name: header} for every function defined in include/povstat/<module>/*.hpp outside
    namespace detail and outside private/protected class sections; members as class::name,
    constructors as the class name."""
    found = {}
    for header in sorted((root / "include" / "povstat").glob("*/*.hpp")):
        if header.parent.name == "detail":
            continue
        s = _strip(header.read_text(encoding="utf-8"))
        stack, last = [], 0
        token = re.compile(r"\bnamespace\s+(\w+)\s*\{|\b(class|struct)\s+(\w+)\b[^;{()]*\{|\{|\}|;"
                           r"|\b(public|private|protected)\s*:")
        for m in token.finditer(s):
            segment, last = s[last:m.start()], m.end()
            if m.group(4):
                if stack and stack[-1][0] == "class":
                    stack[-1][2] = m.group(4)
                continue
            if m.group(1):
                stack.append(["ns", m.group(1), "public"])
                continue
            if m.group(3):
                stack.append(["class", m.group(3), "public" if m.group(2) == "struct" else "private"])
                continue
            if m.group(0) in ("}", ";"):
                if m.group(0) == "}" and stack:
                    stack.pop()
                continue
            visible = all((k[0] == "ns" and k[1] != "detail") or (k[0] == "class" and k[2] == "public")
                          for k in stack)
            classes = [k for k in stack if k[0] == "class"]
            direct = len(classes) <= 1 and (not classes or stack[-1][0] == "class")
            if visible and direct:
                g = segment
                while True:
                    g2 = re.sub(r"<[^<>]*>", "", g)
                    if g2 == g:
                        break
                    g = g2
                g = re.sub(r"\boperator\s*[^\s(]+", "operator", g)
                f = re.search(r"(~?\b[A-Za-z_]\w*)\s*\(", g)
                if f and f.group(1) not in _NOT_NAMES and not f.group(1).endswith("_"):
                    name = f.group(1)
                    if classes:
                        cls = classes[0][1]
                        name = cls if name == cls else cls + "::" + name
                    found.setdefault(name, header.relative_to(root).as_posix())
            stack.append(["block", "", ""])
    return found


# ------------------------------------------------------------------ markdown

def _cell(text):
    return text.replace("|", "\\|")


def markdown_line(row):
    """Keep in step with markdown_line() of tests/hardening/test_errors_matrix.cpp."""
    if row["kind"] == "THROWS":
        outcome = "`%s`: `%s`" % (row["error"], row["message"])
    else:
        outcome = "returns: " + row["outcome"]
    return "| `%s` | %s | %s |" % (row["function"], _cell(row["input"]), _cell(outcome))


def _names(row):
    return [n.strip() for n in row["function"].split(",")]


def generate(rows, functions):
    header_of = dict(functions)
    by_module = {m: [] for m in MODULES}
    for row in rows:
        first = _names(row)[0]
        module = header_of.get(first, "include/povstat/?/").split("/")[2]
        by_module.setdefault(module, []).append(row)
    out = [BEGIN, ""]
    throws = sum(r["kind"] == "THROWS" for r in rows)
    returns = sum(r["kind"] == "RETURNS" for r in rows)
    covered = {n for r in rows for n in _names(r)}
    out.append("%d rows: %d raise an exception, %d return a documented outcome; %d public "
               "functions, each with rows or with the reason it has none."
               % (throws + returns, throws, returns, len(covered & set(functions))))
    out.append("")
    for module in by_module:
        module_rows = by_module[module]
        if not module_rows:
            continue
        out.append("### %s" % module)
        out.append("")
        checked = [r for r in module_rows if r["kind"] != "NO_BAD_INPUT"]
        if checked:
            out.append("| function | bad input | what it does |")
            out.append("|---|---|---|")
            out.extend(markdown_line(r) for r in checked)
            out.append("")
        free = [r for r in module_rows if r["kind"] == "NO_BAD_INPUT"]
        if free:
            out.append("No bad input:")
            out.append("")
            for r in free:
                out.append("- %s: %s." % (", ".join("`%s`" % n for n in _names(r)), r["reason"]))
            out.append("")
    out.append(END)
    return "\n".join(out)


def problems(rows, functions):
    found = []
    for row in rows:
        if row["kind"] == "THROWS" and row["message"] in ("", "?"):
            found.append("line %d: the row has no message yet" % row["line"])
        if row["kind"] == "THROWS" and "`" in row["message"]:
            found.append("line %d: a message with a backtick cannot be a code span" % row["line"])
        if row["kind"] != "NO_BAD_INPUT" and "\n" in row["input"] + row.get("message", "") + row.get("outcome", ""):
            found.append("line %d: a line break cannot be in a table cell" % row["line"])
        for name in _names(row):
            if name not in functions:
                found.append("line %d: '%s' is not a public function of include/povstat" % (row["line"], name))
    covered = {n for r in rows for n in _names(r)}
    for name, header in sorted(functions.items(), key=lambda kv: (kv[1], kv[0])):
        if name not in covered:
            found.append("%s: public function '%s' has no row in errors_matrix.inc "
                         "(add POVSTAT_THROWS/RETURNS rows, or POVSTAT_NO_BAD_INPUT with the reason)"
                         % (header, name))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate docs/errors.md")
    mode.add_argument("--check", action="store_true", help="fail unless docs/errors.md is up to date")
    args = parser.parse_args()

    rows = read_rows(TABLE.read_text(encoding="utf-8"))
    functions = public_functions()
    section = generate(rows, functions)
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.find(BEGIN), doc.find(END)
    if start < 0 or end < start:
        print("docs/errors.md lacks the markers %s ... %s" % (BEGIN, END), file=sys.stderr)
        return 1
    wanted = doc[:start] + section + doc[end + len(END):]
    found = problems(rows, functions)
    if args.write:
        DOC.write_text(wanted, encoding="utf-8")
    elif wanted != doc:
        sys.stdout.writelines(difflib.unified_diff(doc.splitlines(True), wanted.splitlines(True),
                                                   "docs/errors.md", "generated"))
        found.append("docs/errors.md differs from what errors_matrix.inc generates: "
                     "run python3 scripts/errors_matrix.py --write")
    for p in found:
        print("errors_matrix.py: " + p, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
