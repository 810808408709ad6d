"""The one exception a file that cannot be read raises."""


class ReadError(ValueError):
    """A file that cannot be read as a report: not the kind it looks like, corrupt,
    over a size limit, or needing an optional extra that is not installed.  The message
    says which."""
