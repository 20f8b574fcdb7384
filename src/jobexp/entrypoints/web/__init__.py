"""Server-rendered pages in English and Chinese."""
