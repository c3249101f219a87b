"""Editions built in child processes: the scheduler, the fork server, time and memory limits."""
