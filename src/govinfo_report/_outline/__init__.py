"""Stage 2, outline: a document's title, organ, year and sections, the block range of
each table, and the numbers the narrative states (claims, processing fees).
"""
