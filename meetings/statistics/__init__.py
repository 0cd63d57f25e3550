"""The statistics page: what the agencies' international work adds up to.

`figures` computes the tables in the database, `charts` draws them as SVG,
`downloads` writes them as CSV and XLSX, `regions` groups countries by region.
"""
