"""Staff pages of the major-decision module."""
