"""Helpers every layer may use: cache keys and files, the process pool, progress, slugs, locale data, colours."""
