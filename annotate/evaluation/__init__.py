"""The evaluation stage: scores of predictions against gold, agreement between annotators, the
HTML report. Imports only `core`."""
