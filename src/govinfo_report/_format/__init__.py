"""The statutory format as data: the table records (one class per table and edition,
each field's Chinese label in its metadata) and the schema that names rows by their
labels.  Every stage may read it; it imports no stage.
"""
