"""Programme pages for staff and managers."""
