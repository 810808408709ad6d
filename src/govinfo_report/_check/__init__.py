"""Stage 5, check: the consistency rules (勾稽关系) over one report and across years."""
