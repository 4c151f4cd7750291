"""A self-contained HTML evaluation report: F1 bars, stance confusion heatmap, per-document
displaCy renderings of gold and prediction side by side with the differences marked."""

from __future__ import annotations

import html
from typing import Any

from spacy import displacy

from ..core.records import Record

MISSED, SPURIOUS = "MISSED", "SPURIOUS"
STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}
h1,h2,h3{font-weight:600} table{border-collapse:collapse} td,th{padding:4px 10px;border:1px solid #ddd}
.bars div{display:flex;align-items:center;margin:2px 0}.bars span{width:140px;font-size:13px}
.bar{height:14px;background:#4c78a8;margin-right:6px}.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.pair>div{border:1px solid #ddd;padding:.5em;overflow:auto}.claims li{margin:.3em 0}
.ok{color:#1a7f37}.bad{color:#cf222e}
"""


def _bars(title: str, values: dict[str, float]) -> str:
    rows = "".join(
        f'<div><span>{html.escape(k)}</span><div class="bar" style="width:{v * 300:.0f}px"></div>{v:.3f}</div>'
        for k, v in values.items()
    )
    return f'<h3>{html.escape(title)}</h3><div class="bars">{rows}</div>'


def _heatmap(confusion: dict[str, Any]) -> str:
    matrix = confusion["matrix"]
    top = max((max(row) for row in matrix), default=0) or 1
    head = "".join(f"<th>pred {html.escape(c)}</th>" for c in confusion["predicted_columns"])
    body = ""
    for label, row in zip(confusion["gold_rows"], matrix, strict=True):
        cells = "".join(
            f'<td style="background:rgba(76,120,168,{0.1 + 0.9 * n / top:.2f})">{n}</td>'
            for n in row
        )
        body += f"<tr><th>gold {html.escape(label)}</th>{cells}</tr>"
    return f"<h3>Sentence-level stance confusion</h3><table><tr><th></th>{head}</tr>{body}</table>"


def _marked(record: Record, other: Record, missing_tag: str) -> str:
    """displaCy markup of `record`'s entities; ones absent from `other` carry `missing_tag`."""
    others = {(e.start, e.end, e.label) for e in other.spans}
    ents = [
        {
            "start": e.start,
            "end": e.end,
            "label": e.label if (e.start, e.end, e.label) in others else f"{e.label} {missing_tag}",
        }
        for e in record.spans
    ]
    colors = {e["label"]: "#ffb3b3" for e in ents if e["label"].endswith(missing_tag)}
    return displacy.render(
        {"text": record.text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        page=False,
        options={"colors": colors},
    )


def _claims(record: Record, other: Record) -> str:
    from .metrics import match_claims

    matched = {i for i, _ in match_claims(record.stances, other.stances)}
    items = "".join(
        f'<li class="{"ok" if i in matched else "bad"}">{"✔" if i in matched else "✘"} '
        f"<b>{c.label}</b> [{html.escape(', '.join(h.text for h in c.holders) or 'no holder')}] "
        f"{html.escape(c.text)}</li>"
        for i, c in enumerate(record.stances)
    )
    return f'<ul class="claims">{items}</ul>'


def render_report(report: dict[str, Any], pairs: list[tuple[Record, Record]], *, title: str) -> str:
    ner_f1 = {label: scores["strict"]["f1"] for label, scores in report["ner"]["per_label"].items()}
    stance_f1 = {label: s["f1"] for label, s in report["stance"]["per_label"].items()}
    summary = (
        f"<table><tr><th>docs</th><td>{report['docs']}</td></tr>"
        f"<tr><th>entity strict F1</th><td>{report['ner']['strict']['f1']:.3f}</td></tr>"
        f"<tr><th>stance F_avg</th><td>{report['stance']['f_avg']:.3f}</td></tr>"
        f"<tr><th>holder accuracy</th><td>{report['stance']['holder_accuracy']:.3f}</td></tr>"
        f"<tr><th>correction edits / 100 gold items</th><td>{report['correction_effort_per_100']:.1f}</td></tr></table>"
    )
    docs = "".join(
        f"<h3>{html.escape(gold.id)}</h3><div class='pair'>"
        f"<div><h4>gold</h4>{_marked(gold, pred, MISSED)}{_claims(gold, pred)}</div>"
        f"<div><h4>prediction</h4>{_marked(pred, gold, SPURIOUS)}{_claims(pred, gold)}</div></div>"
        for gold, pred in pairs
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>{summary}"
        f"{_bars('Entity strict F1 per label', ner_f1)}{_bars('Stance F1 per label', stance_f1)}"
        f"{_heatmap(report['stance']['confusion'])}<h2>Documents</h2>"
        f"<p>Red entities are missed (gold side) or spurious (prediction side); ✘ claims have no "
        f"match on the other side.</p>{docs}</body></html>"
    )


def render_curve(scores, *, folds: int) -> str:
    """A self-contained page: the learning curve (mean F_avg, REJECTS F1 and holder accuracy
    over the folds, by share of training articles) as an SVG line plot, and the fold table."""
    fractions = sorted({s.fraction for s in scores})
    series = {"F_avg": "f_avg", "REJECTS F1": "rejects_f1", "holder accuracy": "holder_accuracy"}
    colours = ("#4c78a8", "#d62728", "#2ca02c")
    width, height, pad = 520, 300, 40

    def point(i: int, value: float) -> str:
        x = pad + i * (width - 2 * pad) / max(1, len(fractions) - 1)
        return f"{x:.1f},{height - pad - value * (height - 2 * pad):.1f}"

    lines = []
    for (name, key), colour in zip(series.items(), colours, strict=True):
        means = [
            sum(s.scores[key] for s in scores if s.fraction == f)
            / max(1, sum(1 for s in scores if s.fraction == f))
            for f in fractions
        ]
        path = " ".join(point(i, v) for i, v in enumerate(means))
        lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        lines.append(
            f'<text x="{width - pad + 4}" y="{point(len(means) - 1, means[-1]).split(",")[1]}" '
            f'fill="{colour}" font-size="12">{html.escape(name)} {means[-1]:.3f}</text>'
        )
    ticks = "".join(
        f'<text x="{point(i, 0).split(",")[0]}" y="{height - pad + 16}" font-size="12" '
        f'text-anchor="middle">{f:.0%}</text>'
        for i, f in enumerate(fractions)
    )
    axes = (
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#999"/>'
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#999"/>'
        f'<text x="{pad - 6}" y="{pad + 4}" font-size="12" text-anchor="end">1</text>'
        f'<text x="{pad - 6}" y="{height - pad}" font-size="12" text-anchor="end">0</text>'
    )
    rows = "".join(
        f"<tr><td>{s.fold}</td><td>{s.fraction:.0%}</td><td>{s.train_articles}</td>"
        + "".join(f"<td>{s.scores[k]:.3f}</td>" for k in series.values())
        + "</tr>"
        for s in scores
    )
    svg = f'<svg width="{width + 160}" height="{height}">{axes}{ticks}{"".join(lines)}</svg>'
    head = "<tr><th>fold</th><th>share</th><th>train articles</th>" + "".join(
        f"<th>{html.escape(n)}</th>" for n in series
    )
    return (
        f"<!doctype html><meta charset='utf-8'><title>Learning curve</title><style>{STYLE}</style>"
        f"<h1>Learning curve: {folds}-fold cross-validation by article</h1>{svg}"
        f"<table>{head}</tr>{rows}</table>"
    )
