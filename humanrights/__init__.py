"""UN recommendations and their implementation, institution building, monitoring."""
