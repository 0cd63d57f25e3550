"""State changes of the meetings app: one function per change, each in one transaction."""

from .exporting import trip_to_document, trips_to_documents
from .importing import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportOptions,
    ImportResult,
    document_counts,
    import_document,
)

__all__ = [
    "CREATE",
    "UNCHANGED",
    "UPDATE",
    "ImportOptions",
    "ImportResult",
    "document_counts",
    "import_document",
    "trip_to_document",
    "trips_to_documents",
]
