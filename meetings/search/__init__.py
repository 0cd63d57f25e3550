"""Full-text search over trip reports (Chinese and English).

`tokens` turns text into index terms for both engines, `index` keeps the
`SearchEntry` rows in step with the records, `query` parses what the user typed,
and `engine` runs it on SQLite FTS5 or PostgreSQL full-text search.
"""
