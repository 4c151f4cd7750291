"""Export human-corrected Label Studio annotations as gold records (JSONL) or a spaCy DocBin.

The project is read through a snapshot export (full predictions), streamed with ijson from a
temporary file. Every span is checked against the text: a span shifted by characters outside
the Basic Multilingual Plane (browser UTF-16 offsets) is repaired when the repair is
unambiguous; anything else that is wrong is counted and reported, never dropped silently.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import ExportError
from .lsformat import LabelingConfig, Regions, regions_to_record, split_result
from .records import Record


class Format(StrEnum):
    JSONL = "jsonl"  # gold records, one JSON object per line
    SPACY = "spacy"  # a DocBin for `spacy train`


class Policy(StrEnum):
    LATEST = "latest"  # one record per annotated task: its newest non-cancelled annotation
    ALL = "all"  # one record per non-cancelled annotation (for agreement)


@dataclass
class ExportSummary:
    tasks: int = 0
    annotated: int = 0
    unannotated: int = 0
    annotations: int = 0
    cancelled: int = 0
    superseded: int = 0
    exported: int = 0
    repaired: int = 0
    invalid: int = 0
    problems: list[str] = field(default_factory=list)

    def adds_up(self) -> bool:
        return (
            self.tasks == self.annotated + self.unannotated
            and self.annotations == self.exported + self.cancelled + self.superseded
        )


def utf16_to_codepoints(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Read (start, end) as UTF-16 code-unit offsets and return code-point offsets."""
    units = 0
    mapping = {}
    for index, char in enumerate(text):
        mapping[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    mapping[units] = len(text)
    if start in mapping and end in mapping:
        return mapping[start], mapping[end]
    return None


def repair_span(text: str, start: int, end: int, expected: str) -> tuple[int, int] | None:
    """The span's true offsets when they can be told without doubt, else None."""
    if not expected:
        return None
    converted = utf16_to_codepoints(text, start, end)
    if converted and text[converted[0] : converted[1]] == expected:
        return converted
    occurrences = [i for i in range(len(text)) if text.startswith(expected, i)]
    if len(occurrences) == 1:
        return occurrences[0], occurrences[0] + len(expected)
    return None


def _checked(
    regions: dict[str, tuple[int, int, str, str]], text: str, where: str, summary: ExportSummary
) -> dict[str, tuple[int, int, str, str]]:
    good = {}
    for region_id, (start, end, label, span_text) in regions.items():
        if 0 <= start < end <= len(text) and text[start:end] == span_text:
            good[region_id] = (start, end, label, span_text)
            continue
        fixed = repair_span(text, start, end, span_text)
        if fixed is None:
            summary.invalid += 1
            summary.problems.append(
                f"{where}: region {region_id} {label} {start}..{end} {span_text!r} "
                "does not match the text and cannot be repaired unambiguously"
            )
            continue
        summary.repaired += 1
        summary.problems.append(
            f"{where}: repaired region {region_id} {label} {start}..{end} -> {fixed[0]}..{fixed[1]}"
        )
        good[region_id] = (fixed[0], fixed[1], label, span_text)
    return good


def _without_overlaps(
    entities: dict[str, tuple[int, int, str, str]], where: str, summary: ExportSummary
) -> dict[str, tuple[int, int, str, str]]:
    kept: dict[str, tuple[int, int, str, str]] = {}
    last_end, last = -1, None
    for region_id, item in sorted(entities.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        if item[0] < last_end:
            summary.invalid += 1
            summary.problems.append(
                f"{where}: entity {region_id} {item[2]} {item[3]!r} overlaps {last}"
            )
            continue
        kept[region_id], last_end, last = item, item[1], f"{region_id} {item[3]!r}"
    return kept


def annotation_to_record(
    task: Mapping[str, Any],
    annotation: Mapping[str, Any],
    config: LabelingConfig,
    summary: ExportSummary,
) -> Record:
    data = task.get("data", {})
    text = data.get("text", "")
    where = f"task {task.get('id')} annotation {annotation.get('id')}"
    regions = split_result(annotation.get("result", []), config)
    for unknown in regions.unknown:
        summary.invalid += 1
        summary.problems.append(f"{where}: unknown label or control in {unknown}")
    entities = _without_overlaps(_checked(regions.entities, text, where, summary), where, summary)
    claims = _checked(regions.claims, text, where, summary)
    predictions = {p.get("id"): p for p in task.get("predictions", []) if isinstance(p, Mapping)}
    parent = predictions.get(annotation.get("parent_prediction"), {})
    completed_by = annotation.get("completed_by")
    annotator = completed_by.get("email") if isinstance(completed_by, Mapping) else completed_by
    meta = {
        **dict(data.get("meta") or {}),
        "source": (data.get("meta") or {}).get("source", data.get("source_id", "")),
        "ls_task_id": task.get("id"),
        "ls_annotation_id": annotation.get("id"),
        "annotator": str(annotator) if annotator is not None else "",
        "created_at": annotation.get("created_at"),
        "updated_at": annotation.get("updated_at"),
        "lead_time": annotation.get("lead_time"),
        "model_version": parent.get("model_version"),
    }
    record, problems = regions_to_record(
        Regions(entities, claims, regions.relations, []),
        record_id=str(data.get("source_id") or task.get("id")),
        text=text,
        meta=meta,
    )
    for problem in problems:
        summary.invalid += 1
        summary.problems.append(f"{where}: {problem}")
    return record.with_(answer="accept")


def gold_records(
    tasks: Iterable[Mapping[str, Any]],
    *,
    policy: Policy = Policy.LATEST,
    config: LabelingConfig | None = None,
    summary: ExportSummary | None = None,
) -> Iterator[Record]:
    """Stream gold records from exported tasks, filling `summary` as it goes."""
    config = config or LabelingConfig()
    summary = summary if summary is not None else ExportSummary()
    for task in tasks:
        summary.tasks += 1
        annotations = list(task.get("annotations") or [])
        summary.annotations += len(annotations)
        if not annotations:
            summary.unannotated += 1
            continue
        summary.annotated += 1
        usable = [a for a in annotations if not a.get("was_cancelled")]
        summary.cancelled += len(annotations) - len(usable)
        if policy is Policy.LATEST and usable:
            newest = max(usable, key=lambda a: (a.get("updated_at") or "", a.get("id") or 0))
            summary.superseded += len(usable) - 1
            usable = [newest]
        for annotation in usable:
            summary.exported += 1
            yield annotation_to_record(task, annotation, config, summary)


def fail_if_strict(summary: ExportSummary, *, strict: bool) -> None:
    if strict and summary.invalid:
        raise ExportError(
            f"{summary.invalid} invalid item(s) and --strict is set: nothing was written"
        )


def export_project(
    client: Any,
    project: Any,
    output: Path,
    *,
    file_format: Format = Format.JSONL,
    policy: Policy = Policy.LATEST,
    keep_tokens: bool = False,
    strict: bool = False,
    n_process: int = 2,
    summary: ExportSummary | None = None,
    progress: Callable[[Iterable, int], Iterable] = lambda items, total: items,
) -> ExportSummary:
    """Snapshot `project` (as `labelstudio.find_project` returns it) and write its gold to
    `output` atomically: nothing is written if anything fails, or under `strict` with any
    invalid item. `summary` fills as it goes, so it is complete up to a failure."""
    from . import labelstudio as ls
    from .jsonl import atomic_path

    summary = summary if summary is not None else ExportSummary()
    task_count = project.task_number or 0
    options = {"keep_tokens": keep_tokens, "where": str(output)}
    # less than a few batches' worth of tasks: starting processes costs more than it saves
    n_process = n_process if task_count >= WORKERS_FROM_TASKS else 1
    with ExitStack() as stack:
        # the writer starts its tokenizer(s) now, so that spaCy loads while the server builds
        write = WRITERS[Format(file_format)](stack, n_process=n_process, **options)
        tmp_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="annotate-export-"))
        snapshot = ls.download_snapshot(client, project.id, Path(tmp_dir) / "snapshot.json")
        with atomic_path(output) as tmp:
            tasks = progress(tasks_in_snapshot(snapshot), task_count)
            write(gold_records(tasks, policy=policy, summary=summary), tmp)
            fail_if_strict(summary, strict=strict)
    return summary


def _jsonl_writer(stack: ExitStack, *, n_process: int, keep_tokens: bool, where: str):
    from .gold_jsonl import gold_lines, line_workers, write_lines

    workers = stack.enter_context(line_workers(n_process))
    return lambda records, path: write_lines(
        path, gold_lines(records, workers=workers, where=where, keep_tokens=keep_tokens)
    )


def _docbin_writer(stack: ExitStack, *, n_process: int, keep_tokens: bool, where: str):
    from .gold_jsonl import blank_tokenizer

    loading = stack.enter_context(ThreadPoolExecutor(max_workers=1)).submit(blank_tokenizer)
    return lambda records, path: write_docbin(records, path, tokenizer=loading.result())


def tasks_in_snapshot(path: Any) -> Iterator[dict[str, Any]]:
    """Stream the tasks of a snapshot file (a JSON array) without loading it whole."""
    import ijson

    with open(path, "rb") as handle:
        yield from ijson.items(handle, "item", use_float=True)


HOLDERS_KEY = "annotate_holders"  # doc.user_data: claim (start, end) -> holder entity offsets
STANCE_SPAN_KEY = "stance"


def write_docbin(records: Iterable[Record], path: Any, *, tokenizer: Any) -> int:
    """A `.spacy` DocBin: entities as doc.ents, claims in doc.spans["stance"], holders kept."""
    from spacy.tokens import DocBin

    doc_bin = DocBin(store_user_data=True)
    count = 0
    for record in records:
        doc = tokenizer(record.text)
        doc.ents = [
            doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
            for e in record.spans
        ]
        doc.spans[STANCE_SPAN_KEY] = [
            doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            for c in record.stances
        ]
        doc.user_data[HOLDERS_KEY] = {
            f"{c.start}:{c.end}": [[h.start, h.end] for h in c.holders] for c in record.stances
        }
        doc.user_data["id"] = record.id
        doc_bin.add(doc)
        count += 1
    doc_bin.to_disk(path)
    return count


WRITERS = {Format.JSONL: _jsonl_writer, Format.SPACY: _docbin_writer}
WORKERS_FROM_TASKS = 1000
