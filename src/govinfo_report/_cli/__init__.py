"""Stage 6, many files: parse results, batches and worker processes, one summary row
per file, the output formats and the command line.
"""
