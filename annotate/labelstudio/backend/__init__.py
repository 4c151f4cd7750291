"""`annotate serve`: a Label Studio ML backend (`/health`, `/setup`, `/predict`, `/webhook`)
that pre-annotates tasks with the served pipeline and retrains it from submitted annotations.

`models` keeps the pipeline versions on disk, `training` retrains in a child process, `service`
holds the serving model and counts events, `app` is the Starlette application over it."""
