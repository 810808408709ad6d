"""Stage 3, tables: a table region's rows matched to the statutory rows, their values
placed in columns (slots, sums, recovery of digits run together), the records built.
"""
