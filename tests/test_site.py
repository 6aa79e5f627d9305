"""pmf site: a static site whose links are whole, with reports built from the plans as they stood."""

from __future__ import annotations

import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)
            if name == "id" and value:
                self.ids.add(value)
            if name in {"src", "href"} and value and value.startswith(("http:", "https:", "//")):
                self.external.append(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_demo_site_links_are_whole(tmp_path: Path) -> None:
    result = runner.invoke(app, ["site", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    pages = sorted(tmp_path.rglob("*.html"))
    assert len(pages) == 2 * (1 + 3 + 8 + 69)  # index, reports, services, measures; in English and in Welsh
    parsed = {page: parse(page) for page in pages}
    checked = 0
    for page, links in parsed.items():
        assert links.external == [], page
        for href in links.hrefs:
            target, _, anchor = href.partition("#")
            file = (page.parent / target).resolve() if target else page
            assert file.is_file(), f"{page.relative_to(tmp_path)} links to missing {href}"
            if anchor:
                assert anchor in parsed[file].ids, f"{page.relative_to(tmp_path)} links to missing anchor {href}"
            checked += 1
    assert checked > 300
    index = (tmp_path / "index.html").read_text()
    assert '<input id="search" type="search">' in index
    assert 'href="reports/2026-27-mid-year.html"' in index and 'href="measures/WST-01.html"' in index
    measure = (tmp_path / "measures/WST-01.html").read_text()
    assert "<caption>Every figure reported for" in measure and 'role="img"' in measure


def test_reports_use_the_plans_as_they_stood(repo: Path, tmp_path: Path) -> None:
    def commit(when: str) -> None:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Officer",
            "GIT_AUTHOR_EMAIL": "o@example.org",
            "GIT_COMMITTER_NAME": "Officer",
            "GIT_COMMITTER_EMAIL": "o@example.org",
            "GIT_AUTHOR_DATE": f"{when}T09:00:00",
            "GIT_COMMITTER_DATE": f"{when}T09:00:00",
        }
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", when], cwd=repo, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit("2025-11-01")
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("value: 64.45", "value: 69.0"))
    commit("2026-02-01")  # revised after the mid-year report was due
    result = runner.invoke(app, ["site", "--root", str(repo), "--out", str(tmp_path), "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.stderr
    report = (tmp_path / "reports/2025-26-mid-year.html").read_text()
    assert "64.5%" in report and "69.0%" not in report  # the figure as reported, not as revised
    assert "69.0%" in (tmp_path / "measures/WST-01.html").read_text()  # the measure page shows today's figures


def _hostile_tar(tmp_path: Path) -> Path:
    """An archive with one plain file and every kind of member that could write outside its folder."""
    import io
    import tarfile

    path = tmp_path / "hostile.tar"
    with tarfile.open(path, "w") as tar:

        def add(name: str, kind: bytes = tarfile.REGTYPE, link: str = "", data: bytes = b"") -> None:
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size = kind, link, len(data)
            tar.addfile(info, io.BytesIO(data) if data else None)

        add("plans", tarfile.DIRTYPE)
        add("plans/pmf.yaml", data=b"organisation: Test\n")
        add("plans/passwd", tarfile.SYMTYPE, "/etc/passwd")
        add("plans/up", tarfile.SYMTYPE, "../../outside")
        add("plans/hard", tarfile.LNKTYPE, "/etc/passwd")
        add(str(tmp_path / "absolute.txt"), data=b"absolute\n")
        add("../escaped.txt", data=b"escaped\n")
        add("plans/../../escaped-too.txt", data=b"escaped\n")
    return path


@pytest.mark.parametrize("with_filter", [True, False], ids=["data-filter", "own-checks"])
def test_snapshot_extraction_keeps_every_member_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_filter: bool
) -> None:
    import tarfile

    from pmf import site

    if with_filter and not hasattr(tarfile, "data_filter"):
        pytest.skip("this Python's tarfile has no extraction filters (before 3.11.4)")
    monkeypatch.setattr(site, "has_data_filter", lambda: with_filter)
    into = tmp_path / "deep" / "into"
    into.mkdir(parents=True)
    with tarfile.open(_hostile_tar(tmp_path)) as tar:
        site.extract(tar, into)
    assert (into / "plans" / "pmf.yaml").read_text() == "organisation: Test\n"
    outside = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if into not in p.parents)
    assert outside == ["deep", "deep/into", "hostile.tar"]
    inside = list(into.rglob("*"))
    assert not [p for p in inside if p.is_symlink()]
    assert {p.name for p in inside if p.is_file()} <= {"pmf.yaml", "absolute.txt"}  # a leading / may be dropped
