"""Validator devices: provisioning, enrolment, signed device requests, snapshots, fleet status."""
