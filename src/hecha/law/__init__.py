"""The law, in pure Python: the working-day calendar, legal periods and identifiers."""
