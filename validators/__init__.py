"""Reader runtime for gate and bus validators: offline admission, journal, sync."""
