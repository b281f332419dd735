"""Every page has its Chinese page, and each pair says the same things (tools/zh_parity.py).

Per page of ``_toc.yml``: the Chinese page exists and names its English page; in the sources, the same
syllabus IDs, headings, labels, equation labels, references, glue names and code (up to ``lang="zh"``
and translated strings); in the built pages, the same figures, charts and calculators, the same
self-check answers folded the same way, and every number the English page shows shown in the Chinese
page too. Whether a Chinese page was translated from the English page's current version is listed by
``make zh-stale``, not tested here. The exercise pages are generated for both editions from the same spec:
only their built pages are compared. Set CRMLAB_SITE to check a site built elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import zh_edition  # noqa: E402  (tools/zh_edition.py)
import zh_parity  # noqa: E402  (tools/zh_parity.py)

SITE = Path(os.environ.get("CRMLAB_SITE", ROOT / "_build" / "html"))
PAGES = zh_edition.page_sources()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_its_chinese_page(page):
    chinese = ROOT / "zh" / page
    assert chinese.is_file(), f"{page} has no Chinese page: translate it into zh/{page}"


@pytest.mark.parametrize("page", [p for p in PAGES if not p.startswith(zh_edition.GENERATED)])
def test_chinese_source_keeps_the_structure_code_and_numbers(page):
    chinese = ROOT / "zh" / page
    if not chinese.is_file():
        pytest.fail(f"{page} has no Chinese page")
    problems = zh_parity.differences(ROOT / page, chinese, blob=False)
    assert not problems, f"zh/{page}:\n  " + "\n  ".join(problems)


@pytest.mark.book
@pytest.mark.parametrize("page", PAGES)
def test_built_chinese_page_shows_the_same_figures_calculators_answers_and_numbers(page):
    problems = zh_parity.built_differences(zh_parity.html_path(SITE, ROOT / page),
                                           zh_parity.html_path(SITE, ROOT / page, "zh/"))
    assert not problems, f"zh/{page}:\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- the checker itself can fail

ENGLISH = """---
kernelspec:
  name: python3
---

# Delivered value

<!-- covers: V1 V2 -->

(sec-cdv)=
## The rule

$$ CDV = TCV - TCC $$ (eq-cdv)

Kotler's rule {cite:p}`kotler1991` gives {glue:text}`cdv:.0f` yuan for 1,071 buyers, see {eq}`eq-cdv`.

```{code-cell} ipython3
---
tags: [remove-input]
mystnb:
  figure:
    caption: Delivered value of two offers.
---
from crmlab.plots import waterfall
waterfall(500, 400)
```
"""


def test_parity_finds_each_kind_of_drift(tmp_path):
    english = tmp_path / "en.md"
    english.write_text(ENGLISH, encoding="utf-8")
    chinese = tmp_path / "zh.md"
    same = (ENGLISH.replace("---\n\n# Delivered value", f"crmlab:\n  translated_from: {english}\n---\n\n# 顾客让渡价值")
            .replace("## The rule", "## 规则").replace("Delivered value of two offers.", "两种报价的让渡价值。")
            .replace("Kotler's rule", "科特勒（Kotler）的规则")
            .replace("waterfall(500, 400)", 'waterfall(500, 400, lang="zh")'))
    chinese.write_text(same, encoding="utf-8")
    assert zh_parity.differences(english, chinese, blob=False) == []
    drifted = (same.replace("V1 V2", "V1").replace("(eq-cdv)", "(eq-cdv2)").replace("`cdv:.0f`", "`cdv2:.0f`")
               .replace("1,071", "一千零七十一").replace("500, 400", "500, 401").replace("(sec-cdv)=\n", ""))
    chinese.write_text(drifted, encoding="utf-8")
    found = "\n".join(zh_parity.differences(english, chinese, blob=False))
    for kind in ("covers comment", "(label)= targets", "role {glue:text}`cdv:.0f`", "code cell 1 differs",
                 "numbers in the English prose not in the Chinese prose: ['1,071']"):
        assert kind in found, (kind, found)


def test_parity_names_a_stale_source_blob(tmp_path):
    english = tmp_path / "en.md"
    english.write_text("# A\n", encoding="utf-8")
    chinese = tmp_path / "zh.md"
    # The blob of "# A\n": sha1 of b"blob 4\0# A\n" (git's object format), worked out independently of git.
    blob = hashlib.sha1(b"blob 4\x00# A\n").hexdigest()
    chinese.write_text(f"---\ncrmlab:\n  translated_from: {english}\n  source_blob: {blob}\n---\n# 甲\n",
                       encoding="utf-8")
    assert zh_parity.differences(english, chinese) == []
    english.write_text("# A, revised\n", encoding="utf-8")
    assert any("source_blob" in problem for problem in zh_parity.differences(english, chinese))


BUILT = """<html><body><article class="bd-article">
<p>{text}</p><img src="a.png" alt="chart">
<div data-crmlab-calculator="ipa"><div class="vega-embed"></div></div>
<details class="sd-dropdown"><summary>{answer}</summary>{number}</details>
<script>var hidden = 99999;</script>
</article></body></html>"""


def test_built_parity_counts_figures_calculators_answers_and_shown_numbers(tmp_path):
    english, chinese = tmp_path / "en.html", tmp_path / "zh.html"
    english.write_text(BUILT.format(text="CDV is 1,071 yuan, 5 times more (CO2)", answer="Answer", number="0.80"))
    chinese.write_text(BUILT.format(text="顾客让渡价值为1,071元，是5倍", answer="答案", number="0.80"))
    assert zh_parity.built_differences(english, chinese) == []
    chinese.write_text(BUILT.format(text="顾客让渡价值为一千元，是五倍", answer="答案", number="0.8")
                       .replace('<img src="a.png" alt="chart">', "").replace('"ipa"', '"cdv"')
                       .replace("sd-dropdown", "toggle"))
    found = zh_parity.built_differences(english, chinese)
    assert found == [
        "built pages: figures (images): English 1 / Chinese 0",
        "built pages: calculators: English ['ipa'] / Chinese ['cdv']",
        "built pages: folded blocks (self-check answers, hidden code), by class: English ['sd-dropdown'] / "
        "Chinese ['toggle']",
        "built pages: numbers the English page shows and the Chinese page does not: ['0.80', '5', '1,071']",
    ]


def test_checker_command_line_keeps_check_zh_usage(tmp_path):
    """``python tools/zh_parity.py EN.md ZH.md``: the translators' command, exit 1 on a difference."""
    english = tmp_path / "en.md"
    english.write_text("# A\n\n(sec-a)=\n## B\n", encoding="utf-8")
    chinese = tmp_path / "zh.md"
    chinese.write_text(f"---\ncrmlab:\n  translated_from: {english}\n---\n# 甲\n\n## 乙\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "zh_parity.py"), str(english), str(chinese)],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "(label)= targets: English ['sec-a'] / Chinese []" in done.stdout, done.stdout
