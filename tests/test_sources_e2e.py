"""End to end: the ``refcheck`` command against a loopback stand-in of every source.

tests/sources_server.py answers in each source's documented shape from the world in
tests/sources_world.py. For each source: found, differs, not found and wrong id; for
each source and each fault (429, 5xx, stall, junk): no false finding, one RC390, a
clear stderr line. The CLI runs in a subprocess, as a user runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.sources_server import FakeSources
from tests.sources_world import WORLD

BIB = FIXTURES / "sources" / "e2e" / "refs.bib"
FAULT_ENV = {"REFCHECK_CROSSREF_TIMEOUT": "0.5", "REFCHECK_CROSSREF_DEADLINE": "5"}


def run(
    server: FakeSources,
    path: Path | str,
    *args: str,
    env: dict[str, str] | None = None,
    cache: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **server.env(), **(env or {})}
    full.pop("REFCHECK_SOURCES", None)
    caching = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "refcheck",
            str(path),
            "--crossref-url",
            server.base("crossref"),
            *caching,
            "--mailto",
            "dev@example.org",
            "--ignore",
            "RC203",  # the fixture repeats one work on purpose
            *args,
        ],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def findings(out: str) -> list[str]:
    """``CODE@line severity`` of every online finding (RC3xx), in output order."""
    return [
        f"{m.group(2)}@{m.group(1)} {m.group(3)}"
        for m in re.finditer(r"^\S+:(\d+):\d+: (RC3\d\d) \[(\w+)\]", out, re.M)
    ]


def bib(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_source_together() -> None:
    with FakeSources(WORLD) as server:
        result = run(server, BIB)
    assert result.returncode == 1, result.stderr
    assert findings(result.stdout) == [
        "RC302@12 warning",  # the year, from DBLP
        "RC307@19 warning",  # a real title under other authors
        "RC310@26 warning",  # at ICML, which holds no such paper
        "RC310@33 warning",  # a preprint cited as a NeurIPS paper
        "RC301@40 warning",  # invented: DBLP indexes NeurIPS 2022 and has no such paper
        "RC308@55 error",  # BERT's arXiv id on Vaswani et al.
        "RC308@63 error",  # an arXiv id that does not exist
        "RC305@71 note",  # the book, found by ISBN; Crossref has its DOI
        "RC309@79 warning",  # another book's ISBN
    ], result.stdout
    out = result.stdout
    assert "year differs from DBLP: '2014' vs '2017'" in out
    assert "is that of 'Attention is All you Need' by Vaswani, Shazeer, Parmar et al." in out
    assert "DBLP lists 'Attention is All you Need' at NeurIPS 2017, not in ICML 2017" in out
    assert "only as an arXiv preprint (CoRR 2016), not in NeurIPS 2016" in out
    assert "no Crossref or DBLP record matches 'Lee et al. (2022)'" in out
    assert "arXiv:1810.04805 is another paper: 'BERT: Pre-training" in out
    assert "ISBN 9780075548522 is another book: 'Theory of International Politics' by Waltz" in out
    assert result.stderr.strip().endswith("lookups done") or result.stderr == ""
    # No source was asked in vain: no DBLP search for the book, the software or the
    # article; arXiv got all four ids in one request (and the one it lacked alone).
    assert not any("Ukraine" in r or "pandas" in r for r in server.requests["dblp"])
    assert len(server.requests["arxiv"]) == 2
    # No key: OpenAlex is not searched, only asked for the DOI Crossref does not register.
    assert [r.split("?")[0] for r in server.requests["openalex"]] == [
        "/openalex/works/doi:10.1426/80912"
    ]
    assert all("mailto" not in r for r in server.requests["dblp"])


def test_output_is_the_same_from_the_cache(tmp_path: Path) -> None:
    with FakeSources(WORLD) as server:
        first = run(server, BIB, cache=tmp_path)
        made = {s: len(r) for s, r in server.requests.items()}
        second = run(server, BIB, cache=tmp_path)
    assert first.stdout == second.stdout
    assert {s: len(r) for s, r in server.requests.items()} == made  # nothing asked again
    assert (tmp_path / "sources.sqlite").is_file()


# --- each source on its own ----------------------------------------------------------------

DBLP_BIB = """
@inproceedings{found, author = {Vaswani, Ashish and Shazeer, Noam},
  title = {Attention is all you need}, booktitle = {NeurIPS}, year = {2017}}
@inproceedings{differs, author = {Vaswani, Ashish and Shazeer, Noam},
  title = {Attention is all you need}, booktitle = {NeurIPS}, year = {2015}}
@inproceedings{notfound, author = {Lee, Yoonwoo and Kang, Jaehyeong},
  title = {Structured Fast Fourier Transform Attention for Vision Transformers},
  booktitle = {NeurIPS}, year = {2022}}
@inproceedings{wrongvenue, author = {Sabour, Sara and Frosst, Nicholas},
  title = {Dynamic Routing Between Capsules}, booktitle = {ICML}, year = {2017}}
@inproceedings{unindexed, author = {Lee, Yoonwoo and Kang, Jaehyeong},
  title = {Structured Fast Fourier Transform Attention for Vision Transformers},
  booktitle = {NeurIPS}, year = {2031}}
"""


def test_dblp(tmp_path: Path) -> None:
    with FakeSources(WORLD) as server:
        result = run(server, bib(tmp_path, DBLP_BIB), "--sources", "dblp")
    assert findings(result.stdout) == [
        "RC302@4 warning",
        "RC301@6 warning",
        "RC310@9 warning",
        "RC301@11 note",  # DBLP has no NeurIPS 2031: its silence proves nothing
    ], result.stdout
    assert "no DBLP record matches 'Lee & Kang (2022)'" in result.stdout
    assert not server.requests["crossref"]


ARXIV_BIB = """
@misc{found, author = {Devlin, Jacob and Chang, Ming-Wei}, year = {2018},
  title = {BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  eprint = {1810.04805}, archivePrefix = {arXiv}}
@misc{differs, author = {Devlin, Jacob and Chang, Ming-Wei}, year = {2016},
  title = {BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding},
  eprint = {1810.04805}, archivePrefix = {arXiv}}
@misc{notfound, author = {Park, Jinho}, year = {2023}, title = {Gradient Harmonics for Routing},
  eprint = {2301.99999}, archivePrefix = {arXiv}}
@misc{wrongid, author = {Amodei, Dario}, year = {2016}, title = {Concrete Problems in AI Safety},
  eprint = {1706.03762}, archivePrefix = {arXiv}}
@misc{byurl, author = {Amodei, Dario and Olah, Chris}, year = {2016},
  title = {Concrete Problems in AI Safety}, url = {https://arxiv.org/abs/1606.06565v2}}
"""


def test_arxiv(tmp_path: Path) -> None:
    with FakeSources(WORLD) as server:
        result = run(server, bib(tmp_path, ARXIV_BIB), "--sources", "arxiv")
    assert findings(result.stdout) == [
        "RC302@5 warning",  # cited before arXiv had it
        "RC308@8 error",
        "RC308@10 error",
    ], result.stdout
    assert "year differs from arXiv: '2016' vs '2018'" in result.stdout
    # Four ids in one request, the absent one confirmed alone.
    assert len(server.requests["arxiv"]) == 2
    assert (
        "id_list=1606.06565%2C1706.03762%2C1810.04805%2C2301.99999" in server.requests["arxiv"][0]
    )


OPENALEX_BIB = """
@article{found, author = {Jervis, Robert}, title = {Cooperation under the Security Dilemma},
  journal = {World Politics}, volume = {30}, pages = {167--214}, year = {1978},
  doi = {10.2307/2009958}}
@article{differs, author = {Jervis, Robert}, title = {Cooperation under the Security Dilemma},
  journal = {World Politics}, volume = {31}, pages = {167--214}, year = {1978}}
@article{wrongid, author = {Jervis, Robert}, title = {Cooperation under the Security Dilemma},
  journal = {World Politics}, volume = {30}, pages = {167--214}, year = {1978},
  doi = {10.18653/v1/n19-1423}}
@article{notfound, author = {Moretti, Franco and Streeck, J.}, year = {2017},
  title = {Quantifying the Characteristics of Gothic Literature},
  journal = {Digital Humanities Quarterly}}
"""


def test_openalex(tmp_path: Path) -> None:
    with FakeSources(WORLD) as server:
        env = {"OPENALEX_API_KEY": "test-key"}
        result = run(server, bib(tmp_path, OPENALEX_BIB), "--sources", "openalex", env=env)
        requests = list(server.requests["openalex"])
        without_key = run(server, bib(tmp_path, OPENALEX_BIB), "--sources", "openalex")
    assert findings(result.stdout) == [
        "RC302@5 warning",
        "RC305@5 note",  # the DOI OpenAlex has for it
        "RC304@7 error",
        "RC301@10 warning",  # a journal article OpenAlex (searching) would hold
    ], result.stdout
    assert "volume differs from OpenAlex: '31' vs '30'" in result.stdout
    assert "belongs to a different work: 'BERT: Pre-training" in result.stdout
    assert "(according to OpenAlex)" in result.stdout
    assert any("/works/doi:10.2307/2009958" in r for r in requests)
    assert all("api_key=test-key" in r and "mailto=dev%40example.org" in r for r in requests)
    # Without a key OpenAlex is asked by DOI only: the rest are notes, never warnings.
    assert findings(without_key.stdout) == ["RC304@7 error"], without_key.stdout


DATACITE_BIB = """
@misc{found, author = {{The pandas development team}}, title = {pandas-dev/pandas: Pandas},
  year = {2020}, doi = {10.5281/zenodo.3509134}}
@misc{differs, author = {{The pandas development team}}, title = {pandas-dev/pandas: Pandas},
  year = {2016}, doi = {10.5281/zenodo.3509134}}
@misc{notfound, author = {Smith, Jane}, title = {Trajectories of coastal erosion, 1990-2020},
  year = {2021}, doi = {10.5281/zenodo.99999999}}
@misc{wrongid, author = {Smith, Jane}, title = {Trajectories of coastal erosion, 1990-2020},
  year = {2021}, doi = {10.5281/zenodo.3509134}}
"""


def test_datacite(tmp_path: Path) -> None:
    with FakeSources(WORLD) as server:
        result = run(server, bib(tmp_path, DATACITE_BIB), "--sources", "datacite")
    assert findings(result.stdout) == [
        "RC302@4 warning",
        "RC303@6 error",
        "RC304@8 error",
    ], result.stdout
    assert "DOI 10.5281/zenodo.99999999 is not registered (asked DataCite)" in result.stdout
    assert "(according to DataCite)" in result.stdout


OPENLIBRARY_BIB = """
@book{found, author = {Charap, Samuel and Colton, Timothy J.}, title = {Everyone Loses},
  publisher = {Routledge}, year = {2017}, isbn = {978-1-138-63308-7}}
@book{differs, author = {Charap, Samuel and Colton, Timothy J.}, title = {Everyone Loses},
  publisher = {Penguin Books}, year = {2017}, isbn = {978-1-138-63308-7}}
@book{notfound, author = {Fisher, Anna}, title = {The Lighthouse Keepers of Lake Superior},
  publisher = {Northern Press}, year = {2011}}
@book{wrongid, author = {Charap, Samuel and Colton, Timothy J.}, title = {Everyone Loses},
  publisher = {Routledge}, year = {2017}, isbn = {0-07-554852-6}}
@book{bysearch, author = {Waltz, Kenneth N.}, title = {Theory of International Politics},
  publisher = {Waveland Press}, year = {2010}}
"""


def test_openlibrary(tmp_path: Path) -> None:
    with FakeSources(WORLD) as server:
        result = run(server, bib(tmp_path, OPENLIBRARY_BIB), "--sources", "openlibrary")
    assert findings(result.stdout) == [
        "RC302@4 warning",
        "RC301@6 note",  # a book: Open Library's silence proves nothing
        "RC309@8 warning",
    ], result.stdout
    assert "publisher differs from Open Library: 'Penguin Books' vs 'Routledge;" in result.stdout


# --- faults --------------------------------------------------------------------------------


def _clean() -> list[str]:
    with FakeSources(WORLD) as server:
        return findings(run(server, BIB).stdout)


def _faulty(case: tuple[str, str]) -> subprocess.CompletedProcess[str]:
    source, fault = case
    with FakeSources(WORLD, faults={source: fault}) as server:
        server.stall_seconds = 2
        return run(server, BIB, env=FAULT_ENV)


# Every source fails once, and every kind of failure is met (the full matrix of sources
# and faults runs in-process in tests/test_sources_client.py, on a fake clock).
CASES = [
    ("openalex", "429"),
    ("datacite", "stall"),
    ("arxiv", "junk"),
    ("dblp", "500"),
    ("dblp", "stall"),
    ("openlibrary", "429"),
]


@pytest.fixture(scope="module")
def fault_runs() -> tuple[list[str], dict[tuple[str, str], subprocess.CompletedProcess[str]]]:
    """Every fault run at once (each its own server and process)."""
    with ThreadPoolExecutor(max_workers=len(CASES)) as pool:
        runs = dict(zip(CASES, pool.map(_faulty, CASES), strict=True))
    return _clean(), runs


@pytest.mark.parametrize("case", CASES, ids=[f"{s}-{f}" for s, f in CASES])
def test_a_failing_source_gives_no_false_finding(
    case: tuple[str, str],
    fault_runs: tuple[list[str], dict[tuple[str, str], subprocess.CompletedProcess[str]]],
) -> None:
    clean, runs = fault_runs
    result = runs[case]
    got = findings(result.stdout)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    # Nothing the clean run did not report but notes: RC390 (once, naming the source),
    # "not found" notes that say the source could not be asked, the DOI suggestion of a
    # work Crossref found. No new warning, no new error: no accusation.
    new = [f for f in got if f not in clean]
    assert all(f.endswith(" note") for f in new), (new, result.stdout)
    assert [f for f in got if f.startswith("RC390")] == ["RC390@4 note"], result.stdout
    label = {"openalex": "OpenAlex", "datacite": "DataCite", "arxiv": "arXiv", "dblp": "DBLP"}
    name = label.get(case[0], "Open Library")
    assert name in result.stdout.split("RC390", 1)[1].splitlines()[0]
    assert f"could not ask {name} about" in result.stderr


def test_unknown_source_is_a_usage_error() -> None:
    with FakeSources(WORLD) as server:
        result = run(server, BIB, "--sources", "crossref,scholar")
    assert result.returncode == 2
    assert "unknown source 'scholar'" in result.stderr and "Traceback" not in result.stderr
