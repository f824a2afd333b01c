"""The exports against the real clients: pdflatex + bibtex, pdflatex + biber, pandoc, pdftotext.

Each test skips when a tool is missing, and fails instead when CI is set (.ci/run installs
them). A build passes only with no error and no warning in the .log, the .blg or biber's log.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from tests.conftest import DATA, EXAMPLES, Scholar

pytestmark = [pytest.mark.toolchain, pytest.mark.slow]

HOSTILE = DATA / "hostile.txt"
# The math spans of hostile.txt that stay math (pdftotext cannot show math as written).
KEPT_MATH = ("$\\mathcal{O}(n\\log n)$", "$\\widetilde{O}(\\sqrt{T})$")
_PREAMBLE_T1 = "\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"


def need(tool: str) -> None:
    """Skip (fail under CI) unless ``tool`` is a program, or a TeX file kpsewhich finds."""
    if "." in tool:
        found = shutil.which("kpsewhich") is not None and (
            subprocess.run(["kpsewhich", tool], capture_output=True, text=True).stdout.strip()
        )
    else:
        found = shutil.which(tool) is not None
    if not found:
        message = f"{tool} is not installed"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run must install it")
        pytest.skip(message)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def export(scholar: Scholar, source: Path, fmt: str, out: Path, *extra: str) -> None:
    result = scholar("export", source, "-f", fmt, "-o", out, *extra)
    assert result.exit_code == 0, result.stderr


def latex_problems(log: str) -> list[str]:
    """Errors and warnings of a LaTeX .log (an overfull line is typography, not a problem)."""
    return [
        line
        for line in log.splitlines()
        if line.startswith("!")
        or re.search(r"\bWarning\b", line)
        or "Undefined control sequence" in line
    ]


def build_bibtex(tmp_path: Path, preamble: str = "") -> Path:
    need("pdflatex")
    need("bibtex")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n"
        + preamble
        + "\\begin{document}\n\\nocite{*}\n\\bibliographystyle{plain}\n"
        + "\\bibliography{refs}\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"]
    assert run(latex, tmp_path).returncode == 0
    bibtex = run(["bibtex", "doc"], tmp_path)
    blg = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert bibtex.returncode == 0, blg
    assert "Warning--" not in blg and "error message" not in blg, blg
    assert "(There were" not in blg, blg
    for _ in range(2):
        assert run(latex, tmp_path).returncode == 0
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert latex_problems(log) == []
    return tmp_path / "doc.pdf"


def build_biber(tmp_path: Path, preamble: str = "") -> Path:
    need("pdflatex")
    need("biber")
    need("biblatex.sty")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n"
        + preamble
        + "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        + "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"]
    assert run(latex, tmp_path).returncode == 0
    biber = run(["biber", "doc"], tmp_path)
    blg = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert biber.returncode == 0, blg
    assert not re.search(r"\b(WARN|ERROR)\b", blg), blg
    for _ in range(2):
        assert run(latex, tmp_path).returncode == 0
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert latex_problems(log) == []
    return tmp_path / "doc.pdf"


@pytest.mark.parametrize("charset", [None, "--unicode", "--ascii"])
def test_bibtex_plain_typesets_all_50_seed_entries(
    scholar: Scholar, tmp_path: Path, charset: str | None
) -> None:
    export(
        scholar, EXAMPLES / "profile.txt", "bibtex", tmp_path / "refs.bib", *filter(None, [charset])
    )
    build_bibtex(tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem{") == 50


def test_biber_typesets_all_50_seed_entries(scholar: Scholar, tmp_path: Path) -> None:
    export(scholar, EXAMPLES / "profile.txt", "biblatex", tmp_path / "refs.bib")
    build_biber(tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\entry{") == 50


def _norm(text: str) -> str:
    # pdftotext breaks lines and hyphenates; bibtex's plain style lower-cases titles; T1
    # prints a backquote as a left quote.
    return re.sub(r"[\s\-]+", "", text.replace("‘", "`").replace("’", "'")).lower()


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_hostile_titles_compile_and_print_as_written(
    scholar: Scholar, tmp_path: Path, fmt: str
) -> None:
    need("pdftotext")
    need("lmodern.sty")
    export(scholar, HOSTILE, fmt, tmp_path / "refs.bib")
    build = build_bibtex if fmt == "bibtex" else build_biber
    pdf = build(tmp_path, _PREAMBLE_T1)
    text = run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], tmp_path).stdout
    papers = scholar("list", HOSTILE, "-f", "json")
    import json

    titles = [p["title"] for p in json.loads(papers.stdout)]
    assert len(titles) == 14
    printed = _norm(text)
    for title in titles:
        # Control characters become spaces and invisible formatting (bidi, zero width) is
        # dropped: what is left prints as written.
        title = "".join(
            " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
            for c in title
            if unicodedata.category(c) != "Cf"
        )
        for math in KEPT_MATH:
            title = title.replace(math, " ")
        for part in title.split("  "):
            assert _norm(part) in printed, part
    # The primitives printed; none ran.
    assert "\\input{/etc/passwd}" in text.replace("\n", " ")
    # Markup, HTML, formulas and more primitives print as text (plain lower-cases titles).
    # Compared like the titles (_norm): TeX may hyphenate =HYPERLINK( across a line, and
    # T1 fonts print an ASCII apostrophe as a right quote.
    for shown in (
        "[bold red]markup[/]",
        "<script>alert('x')</script>",
        "=hyperlink(",
        "\\def\\x{y}",
    ):
        assert _norm(shown) in printed, shown
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "pwned.tex").exists()


def _pandoc(tmp_path: Path, bibliography: str, *, math_warnings: bool = False) -> str:
    need("pandoc")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    result = run(
        ["pandoc", "doc.md", "--citeproc", f"--bibliography={bibliography}", "-t", "plain"],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    # Plain text has no math: pandoc says so for a formula it cannot spell in Unicode.
    warnings = [
        line
        for line in result.stderr.splitlines()
        if not (math_warnings and "Could not convert TeX math" in line)
    ]
    assert warnings == []
    return " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("csl-json", "refs.json"), ("bibtex", "refs.bib"), ("biblatex", "refs.bib")],
)
def test_pandoc_citeproc_renders_every_seed_paper(
    scholar: Scholar, tmp_path: Path, fmt: str, name: str
) -> None:
    export(scholar, EXAMPLES / "profile.txt", fmt, tmp_path / name)
    rendered = _pandoc(tmp_path, name)
    papers = scholar("list", EXAMPLES / "profile.txt", "-f", "json")
    import json

    titles = [p["title"] for p in json.loads(papers.stdout)]
    assert len(titles) == 50
    missing = [t for t in titles if " ".join(t.split()).lower() not in rendered.lower()]
    assert missing == []
    assert "Gürsoy" in rendered


@pytest.mark.parametrize(("fmt", "name"), [("csl-json", "refs.json"), ("bibtex", "refs.bib")])
def test_pandoc_shows_hostile_titles_as_written(
    scholar: Scholar, tmp_path: Path, fmt: str, name: str
) -> None:
    export(scholar, HOSTILE, fmt, tmp_path / name)
    rendered = _pandoc(tmp_path, name, math_warnings=True)
    assert "5% Better: #1 on ImageNet & {Braces} ~Tildes^ and _Underscores_" in rendered
    assert "\\input{/etc/passwd}" in rendered.lower()
    assert "BERT," in rendered and "LLaVA" in rendered and "CamelCase" in rendered
    if fmt == "csl-json":
        # The nocase spans keep what the style's title case would change; pandoc's own
        # BibTeX reader is looser (it drops \textbraceleft, title-cases "\input").
        for text in ("BERT, GPT-4V and LLaVA", "\\input{/etc/passwd}", "<Angle> | Bar"):
            assert text in rendered, text
