"""The lowest stage: records, their schemas and JSONL, hashes, errors and problems, the corpus
loader. Nothing here imports a higher stage (pipeline, labelstudio, evaluation, cli)."""
