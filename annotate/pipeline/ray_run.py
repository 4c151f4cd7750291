"""Ray Data's part of `--engine ray`: a pool of actors, each holding one loaded pipeline.

Imported only when Ray has work to do, so the local engine never needs Ray installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from ..core.errors import PipelineError

try:
    import ray
    import ray.data
    from ray.exceptions import RayError
except ImportError as e:  # the optional extra
    raise PipelineError(
        'Ray is not installed: pip install -e ".[ray]" (or use --engine local)'
    ) from e

QUIET = logging.ERROR  # Ray's own logs; our CLI prints progress and the summary


class PipelineActor:
    """Loads the pipeline once, in its constructor, on its worker (never sent through the
    object store); each call pre-annotates one batch of article refs."""

    def __init__(self, *, model: str, batch_size: int, with_tokens: bool) -> None:
        from .preannotate import build_pipeline

        self.nlp = build_pipeline(model)
        self.batch_size, self.with_tokens = batch_size, with_tokens

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from .ray_engine import annotate_refs, ref_from_row

        columns = ("path", "id", "line", "offset")
        refs = [
            ref_from_row({key: batch[key][i] for key in columns}) for i in range(len(batch["id"]))
        ]
        rows = list(
            annotate_refs(
                refs, nlp=self.nlp, batch_size=self.batch_size, with_tokens=self.with_tokens
            )
        )
        out: dict[str, list[Any]] = {key: [row[key] for row in rows] for key in rows[0]}
        out["shard"] = [str(name) for name in batch["shard"]]
        return out


def connect(address: str | None) -> bool:
    """Join the cluster at `address` (or RAY_ADDRESS), else start a local Ray sized to this
    machine. True if this call started Ray (and so should shut it down)."""
    if ray.is_initialized():
        return False
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=QUIET,
            configure_logging=True,
        )
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise PipelineError(
            f"cannot start or join Ray at {address or 'a local cluster'}: {e}"
        ) from e
    logging.getLogger("ray.data").setLevel(QUIET)
    return True


def run_actors(
    rows: Iterable[dict[str, Any]],
    *,
    model: str,
    address: str | None,
    actors: int | None,
    batch_size: int,
    with_tokens: bool,
) -> tuple[Iterator[dict[str, Any]], int]:
    """The output batches, as they finish, and the number of actors in the pool."""
    started = connect(address)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = False  # the sink takes rows in any order
    context.enable_progress_bars = False
    items = list(rows)
    blocks = max(1, -(-len(items) // batch_size))  # a block per batch: output streams back
    # no more actors than blocks: an actor without work still loads the pipeline
    size = min(blocks, actors or max(1, int(ray.cluster_resources().get("CPU", 1))))
    dataset = ray.data.from_items(items, override_num_blocks=blocks).map_batches(
        PipelineActor,
        fn_constructor_kwargs={
            "model": model,
            "batch_size": batch_size,
            "with_tokens": with_tokens,
        },
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=size),
        num_cpus=1,
    )

    def batches() -> Iterator[dict[str, Any]]:
        try:
            yield from dataset.iter_batches(batch_size=None, batch_format="numpy")
        except RayError as e:
            first = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
            raise PipelineError(f"a Ray worker failed: {first}") from e
        finally:
            if started:
                ray.shutdown()

    return batches(), size
