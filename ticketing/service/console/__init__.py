"""Use cases behind the staff console that the operator API did not have yet: browser sessions,
the staff audit log, dashboard figures, exception resolutions and fare feed comparison."""
