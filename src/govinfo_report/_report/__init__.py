"""Stage 4, report: the ``Report`` record, and its lossless JSON conversion."""
