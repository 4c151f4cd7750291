"""The spaCy stage: the toolkit's components (entity extent, line sentences, ceasefire stance),
their lexicons, and pre-annotation of article streams. Imports only `core`."""
