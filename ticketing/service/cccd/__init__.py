"""CCCD (chip citizen ID) free riders: registry, per-snapshot lists, tap checks, subsidy counts."""
