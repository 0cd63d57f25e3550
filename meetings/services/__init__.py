"""State changes of the meetings app: one function per change, each in one transaction."""
