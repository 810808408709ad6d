"""Stage 1, read: bytes or text to a ``Document`` of paragraphs, rows and images.
Sniffing and decoding, the text tokenizer (with its pipe and flattened-page
renderings), and the HTML, DOCX and PDF readers.
"""
