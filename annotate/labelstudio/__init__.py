"""The Label Studio stage: the local server, every SDK call (`client`), the labeling config,
the record <-> result codec, push, and export with its writers. Imports `core` and `pipeline`."""
