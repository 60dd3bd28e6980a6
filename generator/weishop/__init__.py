"""weishop: a static site generator for personal mini-shops."""

__version__ = "0.1.0"
